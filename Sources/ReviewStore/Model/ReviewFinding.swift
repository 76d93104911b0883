/// One finding of a screened item, as the verdict line carries it (see docs/FORMATS.md).
///
/// The coding keys match the verdict format, so a verdict's `findings` array decodes straight into
/// `[ReviewFinding]`; the singular `span` of the verdict is ignored because `spans` holds it too.
public struct ReviewFinding: Codable, Sendable, Hashable {
    /// `missing_refusal`, `disallowed_content`, `over_refusal` or `rule_error`.
    public var kind: String
    /// The policy category, or nil (over-refusals carry none).
    public var category: String?
    /// The rule id (or refusal marker id).
    public var rule: String
    /// `low`, `medium`, `high` or `critical`.
    public var severity: String
    /// `prompt` or `response`: the text the spans point into.
    public var target: String
    /// Every match as `[start, end)` in Unicode code points of the original text.
    public var spans: [[Int]]
    /// The matched text of the first span, for display.
    public var excerpt: String?
    /// The rule's `note` for annotators from the policy file, if the caller supplies it (verdicts do not).
    public var note: String?

    /// Creates a finding.
    public init(
        kind: String,
        category: String?,
        rule: String,
        severity: String,
        target: String,
        spans: [[Int]],
        excerpt: String?,
        note: String? = nil
    ) {
        self.kind = kind
        self.category = category
        self.rule = rule
        self.severity = severity
        self.target = target
        self.spans = spans
        self.excerpt = excerpt
        self.note = note
    }

    private enum CodingKeys: String, CodingKey {
        case kind, category, rule, severity, target, spans, excerpt, note
    }

    /// Decodes a finding; `spans`, `severity`, `target` and `excerpt` may be missing (e.g. `rule_error`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.kind = try container.decode(String.self, forKey: .kind)
        self.category = try container.decodeIfPresent(String.self, forKey: .category)
        self.rule = try container.decode(String.self, forKey: .rule)
        self.severity = try container.decodeIfPresent(String.self, forKey: .severity) ?? ""
        self.target = try container.decodeIfPresent(String.self, forKey: .target) ?? ""
        self.spans = try container.decodeIfPresent([[Int]].self, forKey: .spans) ?? []
        self.excerpt = try container.decodeIfPresent(String.self, forKey: .excerpt)
        self.note = try container.decodeIfPresent(String.self, forKey: .note)
    }
}
