/// What reviewers found in the audit sample of `pass` items: a pass that a reviewer overturned is a miss.
public struct AuditSummary: Codable, Sendable, Hashable {
    /// One missed item.
    public struct Miss: Codable, Sendable, Hashable {
        /// The store's item id.
        public var itemID: Int64
        /// The category the reviewer named, if any.
        public var category: String?
        /// The reviewer's note, if any.
        public var note: String?
    }

    /// Audit items in the store.
    public var total: Int
    /// Audit items with a final status (not pending).
    public var reviewed: Int
    /// Audit items confirmed as correct passes.
    public var correctPasses: Int
    /// Audit items escalated.
    public var escalated: Int
    /// The misses, newest decision last.
    public var misses: [Miss]

    /// misses / (correct passes + misses), or nil before the first such decision.
    public var missRate: Double? {
        let decided = correctPasses + misses.count
        return decided == 0 ? nil : Double(misses.count) / Double(decided)
    }
}
