import Foundation
import Prefilter
import Testing

/// The prefilter's promise: every pattern that really matches is among the candidates.
///
/// "Really matches" is judged by Foundation's NSRegularExpression (ICU), which shares PCRE2's syntax and
/// Unicode semantics for these patterns.
@Suite("Superset")
struct SupersetTests {
    static let patterns: [PrefilterPattern] = [
        PrefilterPattern(id: 0, pattern: #"\bbomb\b"#),
        PrefilterPattern(id: 1, pattern: #"how\s+to\s+(?:make|build)"#, caseless: true),
        PrefilterPattern(id: 2, pattern: #"(?<!not )kill"#),
        PrefilterPattern(id: 3, pattern: #"(a+)b\1"#),
        PrefilterPattern(id: 4, pattern: #"(?<=\bhow )to\b"#),
        PrefilterPattern(id: 5, pattern: #"\bпривет\b"#, caseless: true),
        PrefilterPattern(id: 6, pattern: #"^(?=.*poison)(?=.*food)"#),
        PrefilterPattern(id: 7, pattern: #"\b(?:kill|murder)\b.{0,40}\b(?:him|her)\b"#, caseless: true),
        PrefilterPattern(id: 8, pattern: #"colou?r\s+\d+"#),
        PrefilterPattern(id: 9, pattern: #"straße"#, caseless: true),
        PrefilterPattern(id: 10, pattern: #"\bk\w+n\b"#, caseless: true),
        PrefilterPattern(id: 11, pattern: #"end$"#),
        PrefilterPattern(id: 12, pattern: #"^start"#),
    ]

    static let texts: [String] = [
        "how to build a bomb",
        "HOW   TO MAKE soup",
        "I would not kill anyone",
        "they kill for fun",
        "aaabaaa and aab a",
        "ask how to fold",
        "ПРИВЕТ мир",
        "приветствие",
        "put the poison in the food",
        "the food has no poison",
        "food only",
        "I will murder   her tomorrow",
        "Kill them all, not him",
        "color 5, colour  12",
        "STRAẞE and strasse",
        "\u{212A}elvin and kin",
        "this is the end",
        "the end\nis near",
        "start here\nor start there",
        "bombé ébomb bomb-shelter",
        "café ß σ ς Σ — nothing at all",
        "",
    ]

    @Test("every pattern NSRegularExpression matches is a candidate", arguments: texts)
    func superset(_ text: String) throws {
        let database = try compileAccepting(Self.patterns)
        let candidates = Set(try scan(database, text))
        for pattern in Self.patterns where try Self.reallyMatches(pattern, text) {
            #expect(candidates.contains(pattern.id), "pattern \(pattern.id) \(pattern.pattern) matches \(text)")
        }
    }

    @Test("the prefilter still filters: plain texts have few candidates")
    func stillFilters() throws {
        let database = try compileAccepting(Self.patterns)
        // Pattern 6 is only lookaheads after `^`; prefilter mode drops lookaround, so it is a candidate for
        // every text (correct, but such a rule gains nothing from the prefilter).
        let quiet = try scan(database, "a quiet afternoon with tea")
        #expect(quiet == [6])
        let kill = try scan(database, "they kill for fun")
        #expect(kill == [2, 6])
        // The lookbehind is dropped too, so this is a candidate that PCRE2 will then refuse.
        let notKill = try scan(database, "I would not kill anyone")
        #expect(notKill == [2, 6])
        #expect(try !Self.reallyMatches(Self.patterns[2], "I would not kill anyone"))
    }

    static func reallyMatches(_ pattern: PrefilterPattern, _ text: String) throws -> Bool {
        let regex = try NSRegularExpression(
            pattern: pattern.pattern,
            options: pattern.caseless ? [.caseInsensitive] : []
        )
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
