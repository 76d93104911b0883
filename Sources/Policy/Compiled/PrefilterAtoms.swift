import Prefilter

/// What the Vectorscan prefilter looks for before a rule runs in PCRE2: the rule is a candidate for a text only
/// when the prefilter finds it there. `refusald policy atoms` prints it, so a policy author can see why a rule runs
/// on texts it never matches (`refusald scan --rule-costs` counts those runs).
public enum PrefilterAtoms: Equatable, Sendable {
    /// Literal strings the rule cannot match without (YARA's atoms): a text is a candidate only if it holds one
    /// string of every clause, letter case aside. Clauses come most selective first.
    case literals([Clause])
    /// The rule spells no selective literals: its pattern, loosened where Vectorscan reads PCRE2 syntax
    /// differently, runs in Vectorscan's prefilter mode, which is looser and slower to scan. A pattern Vectorscan
    /// cannot take even so runs in PCRE2 on every text (`refusald policy lint` warns about it).
    case relaxedPattern(String)

    /// One clause of ``literals(_:)``: the text must hold at least one of its strings.
    public struct Clause: Equatable, Sendable {
        /// The strings, as the pattern spells them; ``PrefilterAtoms/whiteSpaceMark`` stands for one white-space
        /// character and ``PrefilterAtoms/wordBoundaryMark`` for a word boundary.
        public var strings: [String]
        /// How often the strings turn up by chance, as the prefilter ranks clauses: the sum over the strings of
        /// 26^-n, n a string's letters and digits plus its word boundaries. Lower is more selective: a clause of
        /// common short words ("the", "how") scores far higher than one of long verbs.
        public var expectedHits: Double
    }

    /// Stands for one white-space character in a string of ``literals(_:)`` (the prefilter's own stand-in is a
    /// private-use character); PCRE2's `\s`.
    public static let whiteSpaceMark = "\\s"
    /// Stands for a word boundary in a string of ``literals(_:)``; PCRE2's `\b`.
    public static let wordBoundaryMark = "\\b"

    /// What the prefilter uses for `rule`: read off the entry a compiled policy set builds for it
    /// (``prefilterPattern(id:for:)``), so the answer never differs from what screening does.
    public init(for rule: PolicyRule) {
        let entry = Self.prefilterPattern(id: 0, for: rule)
        if entry.requiredLiterals.isEmpty {
            self = .relaxedPattern(entry.pattern)
        } else {
            self = .literals(
                entry.requiredLiterals.map {
                    Clause(strings: $0.map(Self.readable), expectedHits: RequiredLiterals.expectedHits($0))
                }
            )
        }
    }

    /// The prefilter entry for `rule` with id `id` (``literals(_:)`` with the prefilter's own stand-ins).
    static func prefilterPattern(id: Int32, for rule: PolicyRule) -> PrefilterPattern {
        let clauses = RequiredLiterals.clauses(of: rule.pattern)
        if !clauses.isEmpty { return PrefilterPattern(id: id, requiredLiterals: clauses) }
        return PrefilterPattern(id: id, pattern: PrefilterRelaxation.relax(rule.pattern), caseless: rule.caseless)
    }

    private static func readable(_ string: String) -> String {
        var text = ""
        for scalar in string.unicodeScalars {
            switch scalar {
            case PrefilterPattern.whiteSpace: text += whiteSpaceMark
            case PrefilterPattern.wordBoundary: text += wordBoundaryMark
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }
}
