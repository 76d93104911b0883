import Policy

/// One reason an item is flagged, with where in the original text it was found.
public struct Finding: Sendable, Equatable {
    /// Which text a finding points into.
    public enum Target: String, Sendable, Equatable, Codable {
        /// The prompt.
        case prompt
        /// The response.
        case response
    }

    /// What the finding says.
    public var kind: FindingKind
    /// The rule's category; `nil` for `over_refusal` (refusal markers have no category).
    public var category: String?
    /// The rule id.
    public var rule: String
    /// The rule's severity.
    public var severity: RuleSeverity
    /// The text the spans point into.
    public var target: Target
    /// Every match, `[start, end)` in code points of the original text (at most 16).
    public var spans: [ClosedSpan]
    /// The original text of the first match (shortened to 120 characters).
    public var excerpt: String
    /// For `rule_error`: what limit was hit.
    public var message: String?

    /// Creates a finding.
    public init(
        kind: FindingKind,
        category: String?,
        rule: String,
        severity: RuleSeverity,
        target: Target,
        spans: [ClosedSpan],
        excerpt: String,
        message: String? = nil
    ) {
        self.kind = kind
        self.category = category
        self.rule = rule
        self.severity = severity
        self.target = target
        self.spans = spans
        self.excerpt = excerpt
        self.message = message
    }

    /// The first span.
    public var span: ClosedSpan { spans.first ?? ClosedSpan(start: 0, end: 0) }
}

/// A `[start, end)` range of code points in an original text.
public struct ClosedSpan: Sendable, Equatable, Hashable, Codable {
    /// First code point.
    public var start: Int
    /// One past the last code point.
    public var end: Int

    /// Creates a span.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
}
