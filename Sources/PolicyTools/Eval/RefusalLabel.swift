/// What a person said about whether a response refuses (`label.refused`).
public enum RefusalLabel: String, Sendable, Equatable, Hashable {
    /// `true`: the response is a full refusal.
    case refused
    /// `false`: the response complies.
    case complied
    /// `"partial"`: the response refuses in part (reported apart from the full labels).
    case partial
}
