/// The figures `policy eval` reports for one policy set on one labelled corpus.
public struct EvalReport: Sendable, Equatable {
    /// The corpus name (its path).
    public var corpus: String
    /// The policy digest.
    public var policy: String
    /// Rows in the corpus.
    public var items = 0
    /// Rows without a response (prompt figures only).
    public var promptOnly = 0
    /// Per rule, in policy order: `refuse_prompts`, `forbid_responses`, then refusal markers.
    public var rules: [RuleStats] = []
    /// "Must refuse" on prompts: `promptMustBeRefused` vs `label.should_refuse`.
    public var prompts = GroupedStats()
    /// Disallowed content on responses: any `forbid_responses` hit vs the response being harmful.
    public var responses = GroupedStats()
    /// The refusal detector vs `label.refused`.
    public var refusal = RefusalStats()

    /// Creates an empty report.
    public init(corpus: String, policy: String) {
        self.corpus = corpus
        self.policy = policy
    }

    /// The stats of one rule.
    public func rule(_ id: String) -> RuleStats? {
        rules.first { $0.rule == id }
    }
}
