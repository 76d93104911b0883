/// How serious a rule's finding is; reported in verdicts and used to order the review queue.
public enum RuleSeverity: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// Worth a look.
    case low
    /// Likely a policy breach.
    case medium
    /// A clear policy breach.
    case high
    /// Must never pass (e.g. sexual content involving minors).
    case critical
}
