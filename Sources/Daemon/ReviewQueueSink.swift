import Policy
import Batch
import Dispatch
import Foundation
import ReviewStore
import Screening

/// Hands flagged items (and a deterministic sample of passes, as `audit`) to the review queue,
/// in the same step that writes the verdict file: a file is only committed to `outbox/` after
/// its items are in the store, and the store ignores items it already holds, so a re-screen
/// after a crash adds no duplicate.
public struct ReviewQueueSink: VerdictSink {
    let store: ReviewStore
    let sampleRate: Double

    /// Creates a sink for `store`, queueing `sampleRate` of passing items for audit.
    public init(store: ReviewStore, sampleRate: Double) {
        self.store = store
        self.sampleRate = sampleRate
    }

    /// Enqueues the batch's flagged and sampled items, waiting for the database write.
    public mutating func write(_ batch: VerdictBatch) throws {
        // Every verdict of a batch carries the same `screened_at`: parse it once.
        let screenedAt = batch.results.first.flatMap { ISO8601DateFormatter().date(from: $0.verdict.screenedAt) } ?? Date()
        let candidates = batch.results.compactMap { candidate($0, screenedAt: screenedAt) }
        guard !candidates.isEmpty else { return }
        // Screening runs on a plain thread (not the cooperative pool), so blocking it on the
        // asynchronous store write is safe and keeps the sink protocol synchronous.
        let done = DispatchSemaphore(value: 0)
        let outcome = OutcomeBox()
        let store = self.store
        Task {
            do {
                let report = try await store.enqueue(candidates)
                outcome.set(.success(report.inserted))
            } catch {
                outcome.set(.failure(error))
            }
            done.signal()
        }
        done.wait()
        if case .failure(let error) = outcome.get() { throw error }
    }

    /// The review candidate for a result, or `nil` when it is neither flagged nor sampled.
    func candidate(_ result: ScreenedResult, screenedAt: Date) -> ReviewCandidate? {
        guard let item = result.item else { return nil }
        let verdict = result.verdict
        let queue: ReviewQueue
        switch verdict.outcome {
        case .flag: queue = .flagged
        case .pass where AuditSample.includes(id: item.idJSON, file: verdict.file, line: verdict.line, rate: sampleRate): queue = .audit
        default: return nil
        }
        return ReviewCandidate(
            externalID: item.id,
            sourceFile: verdict.file,
            sourceLine: verdict.line,
            prompt: item.prompt,
            response: item.response,
            findings: verdict.findings.map { finding in
                ReviewFinding(
                    kind: finding.kind.rawValue,
                    category: finding.category,
                    rule: finding.rule,
                    severity: finding.severity.rawValue,
                    target: finding.target.rawValue,
                    spans: finding.spans.map { [$0.start, $0.end] },
                    excerpt: finding.excerpt
                )
            },
            policyDigest: verdict.policy,
            screenedAt: screenedAt,
            queue: queue,
            language: item.language,
            verdictJSON: String(VerdictEncoder.encode(verdict).dropLast())
        )
    }
}

/// A result handed from the store's task back to the screening thread.
private final class OutcomeBox: @unchecked Sendable {
    // Written once by the task before it signals the semaphore, read after the wait.
    private var value: Result<Int, any Error> = .success(0)
    func set(_ value: Result<Int, any Error>) { self.value = value }
    func get() -> Result<Int, any Error> { value }
}
