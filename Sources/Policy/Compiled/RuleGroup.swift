import PCRE2
import Prefilter

/// Rules that run over the same text (all prompt rules, all response rules, ...).
///
/// With a prefilter, the group's patterns are also compiled into one Vectorscan database:
/// one scan of a text names the candidate rules, and PCRE2 only confirms those (plus the
/// rules Vectorscan could not take, which always run). Spans, limits and semantics stay PCRE2's.
public struct RuleGroup: Sendable {
    /// The compiled rules, in policy order.
    public let rules: [CompiledRule]
    /// The prefilter database over `rules` (pattern id = index in `rules`), if any.
    public let prefilter: PrefilterDatabase?
    /// Indexes of rules the prefilter could not take; they run on every text.
    public let unfiltered: [Int]
    /// Why each unfiltered rule was rejected by Vectorscan, by rule id.
    public let rejections: [String: String]

    /// Creates a group without a prefilter: every rule runs on every text.
    public init(rules: [CompiledRule]) {
        self.rules = rules
        self.prefilter = nil
        self.unfiltered = Array(rules.indices)
        self.rejections = [:]
    }

    /// Creates a group with a prefilter database (compiled or loaded from the cache).
    public init(rules: [CompiledRule], prefilter: PrefilterDatabase?, unfiltered: [Int], rejections: [String: String]) {
        self.rules = rules
        self.prefilter = prefilter
        self.unfiltered = unfiltered
        self.rejections = rejections
    }

    /// Whether the group has no rules.
    public var isEmpty: Bool { rules.isEmpty }

    /// The Vectorscan patterns for this group's rules: the literals a rule cannot match without when it
    /// has selective ones (exact, fast to scan and to compile), else the loosened pattern in prefilter mode.
    var prefilterPatterns: [PrefilterPattern] {
        rules.enumerated().map { index, compiled in
            PrefilterAtoms.prefilterPattern(id: Int32(index), for: compiled.rule)
        }
    }

    /// Builds the prefilter for `rules`: Vectorscan compile, rejected rules set aside.
    static func withPrefilter(_ rules: [CompiledRule]) throws(PrefilterError) -> RuleGroup {
        guard !rules.isEmpty else { return RuleGroup(rules: rules) }
        let plain = RuleGroup(rules: rules)
        let (database, rejected) = try PrefilterDatabase.compile(plain.prefilterPatterns)
        var rejections: [String: String] = [:]
        for rejection in rejected {
            rejections[rules[Int(rejection.patternID)].rule.id] = rejection.message
        }
        return RuleGroup(
            rules: rules,
            prefilter: database,
            unfiltered: rejected.map { Int($0.patternID) }.sorted(),
            rejections: rejections
        )
    }
}
