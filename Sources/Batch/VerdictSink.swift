/// Where verdicts go after screening: the verdict file (outbox or `scan` output) and the
/// review queue are the two implementations. Batches arrive in input order.
public protocol VerdictSink {
    /// Whether ``write(_:)`` reads ``VerdictBatch/results`` (the items and their verdicts), not only the encoded
    /// verdicts and counts. When no sink of a file does, batches carry no results: each worker frees its items as
    /// soon as their verdicts are encoded, instead of handing them all to the reading thread to free.
    var readsResults: Bool { get }

    /// Receives the next batch of verdicts of the file being screened.
    /// - Throws: to stop screening the file (for example when the disk is full).
    mutating func write(_ batch: VerdictBatch) throws
}

extension VerdictSink {
    /// By default a sink reads the results.
    public var readsResults: Bool { true }
}
