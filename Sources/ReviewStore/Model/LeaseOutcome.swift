/// The result of asking for the lease on one item.
public enum LeaseOutcome: Sendable, Hashable {
    /// The caller holds the lease now (new or extended).
    case acquired(Lease)
    /// Another annotator holds a lease that has not lapsed.
    case heldByOther(Lease)
}
