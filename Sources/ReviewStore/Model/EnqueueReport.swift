/// What `ReviewStore.enqueue(_:)` did.
public struct EnqueueReport: Sendable, Hashable {
    /// How many candidates became new items.
    public var inserted: Int
    /// How many were already in the store (same content key) and were left alone.
    public var duplicates: Int
    /// The store id of each candidate, in input order, whether new or existing.
    public var itemIDs: [Int64]
}
