/// The review state of an item, derived from its decisions.
public enum ItemStatus: String, Codable, Sendable, CaseIterable {
    /// Not decided yet (or, with two required reviews, fewer than two annotators decided).
    case pending
    /// The findings are right (for an audit item: the pass is right).
    case confirmed
    /// A false positive (for an audit item: the rules missed something).
    case overturned
    /// Sent to a senior reviewer, or the required annotators disagree.
    case escalated
}
