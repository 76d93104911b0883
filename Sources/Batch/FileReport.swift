/// What screening one input file produced: counts for logs, metrics and the systemd status line.
public struct FileReport: Sendable, Equatable {
    /// Lines that produced a verdict (every non-blank line).
    public var items: Int
    /// Items whose verdict is `pass`.
    public var passed: Int
    /// Items whose verdict is `flag`.
    public var flagged: Int
    /// Items whose verdict is `error` (bad line); the rest of the file was still screened.
    public var errors: Int
    /// Findings counted by category (`over_refusal` findings count under `"none"`).
    public var findingsByCategory: [String: Int]
    /// Findings counted by kind (`missing_refusal`, `disallowed_content`, `over_refusal`, `rule_error`).
    public var findingsByKind: [String: Int]
    /// `rule_error` findings counted by rule id: which rules hit a PCRE2 limit, and how often.
    public var ruleErrorsByRule: [String: Int]
    /// Input bytes read.
    public var bytes: Int
    /// The policy digest every verdict of this file carries.
    public var policyDigest: String

    /// Creates an empty report for a file screened with the given policy digest.
    public init(policyDigest: String) {
        self.items = 0
        self.passed = 0
        self.flagged = 0
        self.errors = 0
        self.findingsByCategory = [:]
        self.findingsByKind = [:]
        self.ruleErrorsByRule = [:]
        self.bytes = 0
        self.policyDigest = policyDigest
    }

    /// Adds another report's counts to this one (for whole-run summaries).
    public mutating func merge(_ other: FileReport) {
        items += other.items
        passed += other.passed
        flagged += other.flagged
        errors += other.errors
        bytes += other.bytes
        findingsByCategory.merge(other.findingsByCategory, uniquingKeysWith: +)
        findingsByKind.merge(other.findingsByKind, uniquingKeysWith: +)
        ruleErrorsByRule.merge(other.ruleErrorsByRule, uniquingKeysWith: +)
    }
}
