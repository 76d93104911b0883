/// How reviewers judged one rule's hits.
///
/// Counted per item: an item decided `confirmed` counts as a true positive for every rule that fired
/// on it, `overturned` as a false positive.
public struct RulePrecision: Codable, Sendable, Hashable {
    /// The rule id.
    public var rule: String
    /// The rule's category, if any.
    public var category: String?
    /// Items carrying the rule that are confirmed.
    public var confirmed: Int
    /// Items carrying the rule that are overturned.
    public var overturned: Int
    /// Items carrying the rule that are escalated.
    public var escalated: Int
    /// Items carrying the rule still pending.
    public var pending: Int

    /// confirmed / (confirmed + overturned), or nil before the first such decision.
    public var precision: Double? {
        let decided = confirmed + overturned
        return decided == 0 ? nil : Double(confirmed) / Double(decided)
    }
}
