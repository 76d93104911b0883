/// A ``BinaryStats`` overall and broken down by the corpus's category and type labels.
public struct GroupedStats: Sendable, Equatable {
    /// The key used for items whose label has no category.
    public static let noCategory = "(none)"

    /// Every item.
    public var overall = BinaryStats()
    /// By `label.category` (``noCategory`` when null).
    public var byCategory: [String: BinaryStats] = [:]
    /// By `label.source_labels.type`, for items that have one.
    public var byType: [String: BinaryStats] = [:]

    /// Creates empty stats.
    public init() {}

    /// Counts one item in the overall figures and in its groups.
    public mutating func add(predicted: Bool, actual: Bool?, label: ItemLabel) {
        overall.add(predicted: predicted, actual: actual)
        byCategory[label.category ?? Self.noCategory, default: BinaryStats()].add(predicted: predicted, actual: actual)
        if let type = label.type {
            byType[type, default: BinaryStats()].add(predicted: predicted, actual: actual)
        }
    }
}
