/// What an annotator decided about an item.
public enum DecisionKind: String, Codable, Sendable, CaseIterable {
    /// The finding is right.
    case confirm
    /// A false positive; an optional corrected category may come with it.
    case overturn
    /// Needs a senior reviewer.
    case escalate

    /// The item status this decision leads to when it is the deciding one.
    public var status: ItemStatus {
        switch self {
        case .confirm: .confirmed
        case .overturn: .overturned
        case .escalate: .escalated
        }
    }
}
