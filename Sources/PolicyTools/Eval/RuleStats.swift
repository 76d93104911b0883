import Policy

/// One rule's hit frequencies on a labelled corpus (SpamAssassin's hit-frequencies view).
///
/// A `refuse_prompts` hit is a true positive when `should_refuse` is true; a `forbid_responses`
/// hit when the response is harmful (``ItemLabel/responseHarmful``); a refusal marker's hit
/// (the marker that made the response a refusal) when `refused` is true. Hits whose label is
/// missing (or `"partial"` for markers) are `unjudged`.
public struct RuleStats: Sendable, Equatable {
    /// A false positive shown to the operator.
    public struct Example: Sendable, Equatable {
        /// The item id.
        public var id: String
        /// The matched text (normalised).
        public var match: String
        /// The match with up to 60 bytes of context each side (normalised).
        public var context: String
    }

    /// How many false-positive examples are kept per rule.
    public static let exampleLimit = 3

    /// The rule id.
    public var rule: String
    /// Where the rule comes from (`refuse_prompts`, `forbid_responses`, `markers`).
    public var kind: RuleKind
    /// The rule's category (`nil` for refusal markers).
    public var category: String?
    /// Items the rule matched.
    public var hits = 0
    /// Hits on items labelled positive.
    public var truePositives = 0
    /// Hits on items labelled negative.
    public var falsePositives = 0
    /// Hits on items without the needed label.
    public var unjudged = 0
    /// Items on which the rule stopped on a PCRE2 limit.
    public var errors = 0
    /// Up to ``exampleLimit`` false positives, in corpus order.
    public var falsePositiveExamples: [Example] = []

    /// Creates empty stats for `rule`.
    public init(rule: PolicyRule) {
        self.rule = rule.id
        self.kind = rule.kind
        self.category = rule.category
    }

    /// TP / (TP + FP); `nil` when no judged hit.
    public var precision: Double? {
        truePositives + falsePositives == 0 ? nil : Double(truePositives) / Double(truePositives + falsePositives)
    }

    /// The text the rule runs on: `prompt`, `response` or `refusal`.
    public var target: String {
        switch kind {
        case .refusePrompt: "prompt"
        case .forbidResponse: "response"
        case .refusalMarker: "refusal"
        case .allow, .refusalAllow: "allow"
        }
    }

    /// Counts one hit judged against `positive` (nil: no label).
    mutating func record(positive: Bool?, example: @autoclosure () -> Example) {
        hits += 1
        switch positive {
        case true?: truePositives += 1
        case false?:
            falsePositives += 1
            if falsePositiveExamples.count < Self.exampleLimit { falsePositiveExamples.append(example()) }
        case nil: unjudged += 1
        }
    }
}
