/// What changes between two policy sets on a corpus: the items whose verdict, refusal or
/// findings differ, and each rule's hit counts before and after.
public struct DiffReport: Sendable, Equatable {
    /// One item's screening result, reduced to what a diff compares.
    public struct Outcome: Sendable, Equatable {
        /// `pass` or `flag`.
        public var verdict: String
        /// Whether the response was detected as a refusal.
        public var refused: Bool
        /// The findings as `kind(rule)`, sorted.
        public var findings: [String]

        /// Creates an outcome.
        public init(verdict: String, refused: Bool, findings: [String]) {
            self.verdict = verdict
            self.refused = refused
            self.findings = findings
        }
    }

    /// An item whose outcome changed.
    public struct ChangedItem: Sendable, Equatable {
        /// The item id.
        public var id: String
        /// `label.should_refuse`, when the corpus has it: helps judge whether the change is good.
        public var shouldRefuse: Bool?
        /// The outcome under the old set.
        public var old: Outcome
        /// The outcome under the new set.
        public var new: Outcome

        /// Creates a changed item.
        public init(id: String, shouldRefuse: Bool?, old: Outcome, new: Outcome) {
            self.id = id
            self.shouldRefuse = shouldRefuse
            self.old = old
            self.new = new
        }

        /// Findings only the new set produces.
        public var added: [String] { new.findings.filter { !old.findings.contains($0) } }
        /// Findings only the old set produced.
        public var removed: [String] { old.findings.filter { !new.findings.contains($0) } }
    }

    /// One rule's hits (items it matched) under both sets.
    public struct RuleChange: Sendable, Equatable {
        /// The rule id.
        public var rule: String
        /// Items it matched under the old set (0 when the rule is new).
        public var oldHits: Int
        /// Items it matched under the new set (0 when the rule was removed).
        public var newHits: Int
        /// Items it matches only under the new set.
        public var added: Int
        /// Items it matched only under the old set.
        public var removed: Int

        /// Creates a rule change.
        public init(rule: String, oldHits: Int, newHits: Int, added: Int, removed: Int) {
            self.rule = rule
            self.oldHits = oldHits
            self.newHits = newHits
            self.added = added
            self.removed = removed
        }
    }

    /// The old set's directory.
    public var oldDirectory: String
    /// The old set's digest.
    public var oldPolicy: String
    /// The new set's directory.
    public var newDirectory: String
    /// The new set's digest.
    public var newPolicy: String
    /// The corpus name.
    public var corpus: String
    /// Items screened.
    public var items = 0
    /// Items whose outcome changed, in corpus order.
    public var changed: [ChangedItem] = []
    /// Rules whose hits changed, by id (rules with identical hits are left out).
    public var rules: [RuleChange] = []

    /// Items that went from pass to flag.
    public var newlyFlagged: Int { changed.filter { $0.old.verdict == "pass" && $0.new.verdict == "flag" }.count }
    /// Items that went from flag to pass.
    public var newlyPassed: Int { changed.filter { $0.old.verdict == "flag" && $0.new.verdict == "pass" }.count }
}
