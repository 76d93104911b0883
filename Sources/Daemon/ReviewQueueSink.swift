import Batch
import Dispatch
import Foundation
import Logging
import Metrics
import Policy
import ReviewStore
import Screening

/// Hands flagged items (and a deterministic sample of passes, as `audit`) to the review queue,
/// in the same step that writes the verdict file: a file is only committed to `outbox/` after
/// its items are in the store, and the store ignores items it already holds, so a re-screen
/// after a crash adds no duplicate.
///
/// When another process holds the database locked, the store waits and retries (its busy timeout
/// and retries, about half a minute); past that the write fails, the file is not committed (no
/// verdict file appears), stays in `work/` and is screened again with backoff until the lock is gone.
public struct ReviewQueueSink: VerdictSink {
    /// How long a write may wait before the sink logs that the database is locked.
    public static let slowWriteWarning: Duration = .seconds(2)

    let store: ReviewStore
    let sampleRate: Double
    let logger: Logger?

    /// Creates a sink for `store`, queueing `sampleRate` of passing items for audit.
    /// - Parameter logger: Hears about writes that wait long for the database lock.
    public init(store: ReviewStore, sampleRate: Double, logger: Logger? = nil) {
        self.store = store
        self.sampleRate = sampleRate
        self.logger = logger
    }

    /// Enqueues the batch's flagged and sampled items, waiting for the database write.
    public mutating func write(_ batch: VerdictBatch) throws {
        // Every verdict of a batch carries the batch's `screened_at`. (Parsed back from the text with a new
        // ISO8601DateFormatter per batch, it took an eighth of the daemon's CPU time on small files.)
        let candidates = batch.results.compactMap { candidate($0, screenedAt: batch.screenedAt.date) }
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
        let started = ContinuousClock.now
        if done.wait(timeout: .now() + Self.slowWriteWarning.timeInterval) == .timedOut {
            Counter(label: DaemonMetrics.reviewQueueLockWaits).increment()
            logger?.warning(
                "review queue write is waiting for the database (locked by another process?); retrying",
                metadata: ["file": "\(batch.source)", "items": "\(candidates.count)", "db": "\(store.path)"]
            )
            done.wait()
            logger?.notice(
                "review queue write finished after waiting",
                metadata: [
                    "file": "\(batch.source)", "waited_ms": "\((ContinuousClock.now - started) / .milliseconds(1))",
                    "ok": "\(outcome.isSuccess)",
                ]
            )
        }
        if case .failure(let error) = outcome.get() { throw error }
    }

    /// The review candidate for a result, or `nil` when it is neither flagged nor sampled.
    func candidate(_ result: ScreenedResult, screenedAt: Date) -> ReviewCandidate? {
        guard let item = result.item else { return nil }
        let queue: ReviewQueue
        // Decided before the verdict is read: a clean pass's verdict is built only when it is sampled.
        switch result.outcome {
        case .flag: queue = .flagged
        case .pass where AuditSample.includes(id: item.idJSON, file: result.file, line: result.line, rate: sampleRate):
            queue = .audit
        default: return nil
        }
        let verdict = result.verdict
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
    var isSuccess: Bool {
        if case .success = value { return true }
        return false
    }
}

extension Duration {
    /// The same length as a Dispatch interval.
    fileprivate var timeInterval: DispatchTimeInterval {
        .nanoseconds(Int(self / .nanoseconds(1)))
    }
}
