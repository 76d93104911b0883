/// The items before and after one item in a filtered queue (for j/k navigation).
public struct ItemNeighbors: Codable, Sendable, Hashable {
    /// The nearest item with a smaller id, if any.
    public var previous: Int64?
    /// The nearest item with a larger id, if any.
    public var next: Int64?
}
