/// Item counts by status for one category of the flagged queue.
public struct CategoryCounts: Codable, Sendable, Hashable {
    /// The category, or nil for items whose findings name none (over-refusals).
    public var category: String?
    /// Items not decided yet.
    public var pending: Int
    /// Items confirmed.
    public var confirmed: Int
    /// Items overturned.
    public var overturned: Int
    /// Items escalated.
    public var escalated: Int

    /// All items in the category.
    public var total: Int { pending + confirmed + overturned + escalated }
}
