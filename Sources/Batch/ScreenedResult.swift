import Screening

/// One screened line: its verdict and, when the line could be decoded, the item itself
/// (the review queue needs the prompt and response text of flagged items).
public struct ScreenedResult: Sendable {
    /// The decoded item; `nil` for `error` verdicts.
    public let item: ScreeningItem?
    /// The verdict.
    public let verdict: Verdict
}

/// The verdicts of a run of consecutive lines, in input order, ready for the sinks.
public struct VerdictBatch: Sendable {
    /// The source file's display name.
    public let source: String
    /// The verdict JSON lines, already encoded.
    public let encoded: [UInt8]
    /// The results, in input order.
    public let results: [ScreenedResult]
    /// When the batch was screened: every verdict's `screened_at`.
    public let screenedAt: Timestamp
    /// Bytes of the input file read so far, up to and including this batch (for progress).
    public let inputBytes: Int
}
