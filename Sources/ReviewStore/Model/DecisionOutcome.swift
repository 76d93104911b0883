/// What recording a decision did.
public struct DecisionOutcome: Codable, Sendable, Hashable {
    /// The decision as stored.
    public var decision: Decision
    /// The item's status after it.
    public var status: ItemStatus
    /// How many distinct annotators have decided on the item so far.
    public var reviewers: Int
}
