import PCRE2

/// A sample character for a Unicode property escape (`\p{Lu}`, `\P{L}`, `\pN`, `\p{Greek}`, `\p{^Ll}`), so that
/// backtracking inputs hold characters the pattern really consumes: PCRE2 itself says which of a fixed list of
/// characters the escape matches.
enum PropertySample {
    /// The characters tried, in order: ASCII lower case, upper case, digit, space and punctuation first, then
    /// letters of other scripts, marks, symbols, separators and format characters.
    static let candidates: [String] = [
        "a", "A", "1", " ", "!", "_", "é", "É", "ß", "α", "Ω", "ж", "Ж", "中", "あ", "가", "٣", "\u{0301}", "€",
        "+", "\u{00A0}", "\u{2028}", "\u{200B}", "😀", "Ⅷ", "ǅ", "ʰ", "\t",
    ]

    /// The first of ``candidates`` that `escape` (the escape as written, e.g. `\p{Lu}`) matches on its own; `nil`
    /// when it matches none of them or does not compile (lint reports the pattern's compile errors itself).
    static func sample(for escape: String) -> String? {
        guard
            let pattern = try? Pattern(
                #"\A(?:"# + escape + #")\z"#,
                options: PatternOptions(caseless: false, jit: false)
            )
        else { return nil }
        let session = MatchSession()
        return candidates.first { candidate in
            (try? session.allMatches(of: pattern, in: candidate, limit: 1).isEmpty == false) ?? false
        }
    }
}
