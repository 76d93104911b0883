import Batch
import Dispatch
import Foundation
import Inbox
import ReviewStore
import Screening

/// Screens one claimed inbox file with the policies in force: verdicts to the temporary output
/// the inbox gives, flagged items to the review queue. Runs on a dispatch thread because
/// screening is CPU-bound and blocking.
public struct FileScreening: Sendable {
    let live: LivePolicies
    let concurrency: Int
    let maxLineBytes: Int
    let review: ReviewStore?
    let sampleRate: Double

    /// Creates the screening step.
    public init(live: LivePolicies, concurrency: Int, maxLineBytes: Int, review: ReviewStore?, sampleRate: Double) {
        self.live = live
        self.concurrency = concurrency
        self.maxLineBytes = maxLineBytes
        self.review = review
        self.sampleRate = sampleRate
    }

    /// The closure the inbox service calls for each file.
    public var screenFile: ScreenFile {
        let step = self
        return { input, output, sourceName in
            try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(with: Result { try step.screen(input: input, output: output, sourceName: sourceName) })
                }
            }
        }
    }

    /// Screens `input` into a new file at `output`.
    func screen(input: String, output: String, sourceName: String) throws -> FileReport {
        let policies = live.policies
        let batch = BatchScreener(screener: Screener(policies: policies), concurrency: concurrency, maxLineBytes: maxLineBytes)
        let fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw BatchError(.write, path: output, errno: errno) }
        defer { close(fd) }
        var sinks: [any VerdictSink] = [VerdictFileWriter(fd: fd, path: output)]
        if let review { sinks.append(ReviewQueueSink(store: review, sampleRate: sampleRate)) }
        return try batch.screenFile(at: input, sourceName: sourceName, sinks: &sinks)
    }
}
