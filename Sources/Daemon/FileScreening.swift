import Batch
import Dispatch
import Foundation
import Inbox
import Logging
import Policy
import ReviewStore
import Screening
import Synchronization

/// Screens one claimed inbox file with the policies in force: verdicts to the temporary output
/// the inbox gives, flagged items to the review queue. Runs on a dispatch thread because
/// screening is CPU-bound and blocking.
public struct FileScreening: Sendable {
    let live: LivePolicies
    let concurrency: Int
    let maxLineBytes: Int
    let review: ReviewStore?
    let sampleRate: Double
    let logger: Logger?
    /// The batch screener of the set in force, kept across files so its match sessions (PCRE2
    /// match data and JIT stacks, Vectorscan scratch) are allocated once per policy set.
    private let kept = KeptScreener()

    /// Creates the screening step.
    /// - Parameter logger: Hears about review-queue writes that wait for a locked database.
    public init(
        live: LivePolicies,
        concurrency: Int,
        maxLineBytes: Int,
        review: ReviewStore?,
        sampleRate: Double,
        logger: Logger? = nil
    ) {
        self.live = live
        self.concurrency = concurrency
        self.maxLineBytes = maxLineBytes
        self.review = review
        self.sampleRate = sampleRate
        self.logger = logger
    }

    /// The closure the inbox service calls for each file.
    public var screenFile: ScreenFile {
        let step = self
        return { input, output, sourceName in
            try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(
                        with: Result { try step.screen(input: input, output: output, sourceName: sourceName) }
                    )
                }
            }
        }
    }

    /// Screens `input` into a new file at `output`.
    func screen(input: String, output: String, sourceName: String) throws -> FileReport {
        let batch = batchScreener(for: live.policies)
        let fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw BatchError(.write, path: output, errno: errno) }
        defer { close(fd) }
        var sinks: [any VerdictSink] = [VerdictFileWriter(fd: fd, path: output)]
        if let review { sinks.append(ReviewQueueSink(store: review, sampleRate: sampleRate, logger: logger)) }
        return try batch.screenFile(at: input, sourceName: sourceName, sinks: &sinks)
    }

    /// The screener for `policies`: the kept one while that set is in force, else a new one
    /// (after a reload, or when the background prefilter build swapped in the same digest with
    /// Vectorscan databases), which is kept from then on.
    func batchScreener(for policies: CompiledPolicySet) -> BatchScreener {
        let identity = PolicySetIdentity(policies)
        return kept.current.withLock { current in
            if let current, current.identity == identity {
                return current.batch
            }
            let batch = BatchScreener(
                screener: Screener(policies: policies),
                concurrency: concurrency,
                maxLineBytes: maxLineBytes
            )
            current = (identity, batch)
            return batch
        }
    }
}

/// The kept screener and the set it was made for, shared by every copy of a ``FileScreening``.
private final class KeptScreener: Sendable {
    let current = Mutex<(identity: PolicySetIdentity, batch: BatchScreener)?>(nil)
}

/// Tells compiled policy sets apart: the digest names the rules, and the identities of the
/// prefilter databases tell a set without prefilter from the same set with it, or from a
/// recompiled copy (sessions hold Vectorscan scratch sized for particular databases).
struct PolicySetIdentity: Equatable, Sendable {
    let digest: String
    let databases: [ObjectIdentifier?]

    init(_ policies: CompiledPolicySet) {
        digest = policies.digest
        databases = policies.groups.map { $0.group.prefilter.map(ObjectIdentifier.init) }
    }
}
