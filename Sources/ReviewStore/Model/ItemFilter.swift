/// Which items a listing, a claim or an export should consider. Nil fields do not filter.
public struct ItemFilter: Codable, Sendable, Hashable {
    /// Only items in this status.
    public var status: ItemStatus?
    /// Only items from this queue.
    public var queue: ReviewQueue?
    /// Only items with a finding in this category.
    public var category: String?
    /// Only items with a finding of this kind.
    public var kind: String?
    /// Only items with a finding from this rule.
    public var rule: String?
    /// Only items in this language.
    public var language: String?
    /// Only items from this source file.
    public var file: String?
    /// At most this many rows (1…1000).
    public var limit: Int
    /// Skip this many rows first.
    public var offset: Int

    /// Creates a filter; the defaults list everything, 100 rows at a time.
    public init(
        status: ItemStatus? = nil,
        queue: ReviewQueue? = nil,
        category: String? = nil,
        kind: String? = nil,
        rule: String? = nil,
        language: String? = nil,
        file: String? = nil,
        limit: Int = 100,
        offset: Int = 0
    ) {
        self.status = status
        self.queue = queue
        self.category = category
        self.kind = kind
        self.rule = rule
        self.language = language
        self.file = file
        self.limit = limit
        self.offset = offset
    }
}
