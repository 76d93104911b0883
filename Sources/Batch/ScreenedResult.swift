import Screening

/// One screened line: its verdict and, when the line could be decoded, the item itself
/// (the review queue needs the prompt and response text of flagged items).
public struct ScreenedResult: Sendable {
    /// The decoded item; `nil` for `error` verdicts.
    public let item: ScreeningItem?
    private let storage: Storage

    /// A verdict as it is held: built, or (for a clean item) only what building it takes.
    private enum Storage {
        case built(Verdict)
        case clean(file: String, line: Int, policy: String, screenedAt: String)
    }

    /// A result with its verdict built.
    public init(item: ScreeningItem?, verdict: Verdict) {
        self.item = item
        self.storage = .built(verdict)
    }

    /// The result of a ``ScreeningOutcome/clean`` item, whose verdict is built only if ``verdict`` is read.
    public init(clean item: ScreeningItem, file: String, line: Int, policy: String, screenedAt: String) {
        self.item = item
        self.storage = .clean(file: file, line: line, policy: policy, screenedAt: screenedAt)
    }

    /// The verdict (built now for a clean item: read ``outcome``, ``file`` and ``line`` first when they do).
    public var verdict: Verdict {
        switch storage {
        case .built(let verdict):
            verdict
        case .clean(let file, let line, let policy, let screenedAt):
            // A clean result is only made from a decoded item.
            Verdict.clean(item!, file: file, line: line, policy: policy, screenedAt: screenedAt)
        }
    }

    /// The verdict's outcome.
    public var outcome: Verdict.Outcome {
        switch storage {
        case .built(let verdict): verdict.outcome
        case .clean: .pass
        }
    }

    /// The verdict's source file name.
    public var file: String {
        switch storage {
        case .built(let verdict): verdict.file
        case .clean(let file, _, _, _): file
        }
    }

    /// The verdict's 1-based source line.
    public var line: Int {
        switch storage {
        case .built(let verdict): verdict.line
        case .clean(_, let line, _, _): line
        }
    }
}

/// The verdicts of a run of consecutive lines, in input order, ready for the sinks.
public struct VerdictBatch: Sendable {
    /// The source file's display name.
    public let source: String
    /// The verdict JSON lines, already encoded.
    public let encoded: [UInt8]
    /// The results, in input order; empty when no sink of the file reads them (``VerdictSink/readsResults``).
    public let results: [ScreenedResult]
    /// The number of lines screened in this batch (verdicts in ``encoded``).
    public let count: Int
    /// When the batch was screened: every verdict's `screened_at`.
    public let screenedAt: Timestamp
    /// Bytes of the input file read so far, up to and including this batch (for progress).
    public let inputBytes: Int
}
