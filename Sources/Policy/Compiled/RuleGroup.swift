import PCRE2

/// Rules that run over the same text (all prompt rules, all response rules, ...).
///
/// Groups are what the screener iterates over; keeping them apart means each text is only
/// matched against the rules that can apply to it.
public struct RuleGroup: Sendable {
    /// The compiled rules, in policy order.
    public let rules: [CompiledRule]

    /// Creates a group.
    public init(rules: [CompiledRule]) {
        self.rules = rules
    }

    /// Whether the group has no rules.
    public var isEmpty: Bool { rules.isEmpty }
}
