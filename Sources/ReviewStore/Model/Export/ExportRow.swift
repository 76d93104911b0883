/// One line of `refusald export`: a reviewed item with its final label, annotators and rules.
///
/// Encodes with snake_case keys; `id`, `prompt`, `response` and `label` follow the labelled-corpus
/// shape that `refusald policy eval --corpus` reads, the rest is provenance.
public struct ExportRow: Codable, Sendable, Hashable {
    /// Where the item came from.
    public struct Source: Codable, Sendable, Hashable {
        /// The input file.
        public var file: String
        /// The 1-based line.
        public var line: Int
    }

    /// One entry of the decision history.
    public struct DecisionEntry: Codable, Sendable, Hashable {
        /// The annotator's name.
        public var annotator: String
        /// `confirm`, `overturn` or `escalate`.
        public var decision: DecisionKind
        /// The corrected category, if given.
        public var category: String?
        /// The note, if given.
        public var note: String?
        /// ISO 8601 time of the decision.
        public var decidedAt: String

        private enum CodingKeys: String, CodingKey {
            case annotator, decision, category, note
            case decidedAt = "decided_at"
        }
    }

    /// The verdict's `id`.
    public var id: String
    /// The review store's key.
    public var reviewID: Int64
    /// The input location.
    public var source: Source
    /// The prompt text.
    public var prompt: String
    /// The response text, if any.
    public var response: String?
    /// The input's language, if known.
    public var language: String?
    /// `flagged` or `audit`.
    public var queue: ReviewQueue
    /// The final status: `confirmed`, `overturned` or `escalated`.
    public var finalLabel: ItemStatus
    /// The corpus-shaped labels.
    public var label: ExportLabel
    /// Distinct finding kinds.
    public var kinds: [String]
    /// Distinct rule ids that fired.
    public var rules: [String]
    /// Distinct annotators who decided, in order of their first decision.
    public var annotators: [String]
    /// The full decision history, oldest first.
    public var decisions: [DecisionEntry]
    /// The policy digest the item was screened with.
    public var policy: String
    /// ISO 8601 screening time.
    public var screenedAt: String

    private enum CodingKeys: String, CodingKey {
        case id
        case reviewID = "review_id"
        case source, prompt, response
        case language = "lang"
        case queue
        case finalLabel = "final_label"
        case label, kinds, rules, annotators, decisions, policy
        case screenedAt = "screened_at"
    }
}
