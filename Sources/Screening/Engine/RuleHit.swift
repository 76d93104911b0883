import PCRE2
import Policy

/// One rule's matches on one normalised text, before they become findings.
public struct RuleHit: Sendable {
    /// The rule.
    public let rule: PolicyRule
    /// Byte spans in the normalised text (at most the screener's span cap).
    public var spans: [ByteSpan]
    /// Set when the rule hit a PCRE2 limit instead of finishing.
    public var failure: PCRE2Error?
}
