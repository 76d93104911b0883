/// Where verdicts go after screening: the verdict file (outbox or `scan` output) and the
/// review queue are the two implementations. Batches arrive in input order.
public protocol VerdictSink {
    /// Receives the next batch of verdicts of the file being screened.
    /// - Throws: to stop screening the file (for example when the disk is full).
    mutating func write(_ batch: VerdictBatch) throws
}
