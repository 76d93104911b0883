/// Rewrites a PCRE2 pattern into a looser one for the Vectorscan prefilter.
///
/// The prefilter only has to name a SUPERSET of the rules that can match; PCRE2 confirms. With
/// UTF-8 and Unicode properties on, Vectorscan's compile time explodes on counted repeats of wide
/// classes (`.{0,40}`, `\w{1,20}`) and Unicode word boundaries: a few dozen such rules took
/// minutes. Each rewrite below only widens the language, so no real match is ever lost:
/// - counted repeats `X{m,n}`, `X{m,}`, `X{m}` become `X*` (any count includes every count);
/// - `\b` and `\B` are dropped (removing an assertion only admits more);
/// - the wide Unicode classes `\w`, `\S`, `\d` become `.` (none of them matches a line break,
///   and `.` matches everything else); `\W`, `\D` become "any character" (`[\s\S]`);
/// - a bracket class that is negated or holds one of those mnemonics becomes `[\s\S]`.
///
/// One rewrite keeps the language and is needed for correctness: PCRE2's `\N{U+hh…}` (a code point) is written
/// `\x{hh…}`. Vectorscan reads `\N` as "not a newline" and the braces as literal text, so a rule spelled
/// with it was never a candidate (`a\N{U+71}z` matched "aqz" in PCRE2 but not through the prefilter).
enum PrefilterRelaxation {
    static func relax(_ pattern: String) -> String {
        let scalars = Array(codePointsAsHex(pattern).unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        func append(_ text: String) { output.append(contentsOf: text.unicodeScalars) }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\" && index + 1 < scalars.count {
                let next = scalars[index + 1]
                switch next {
                case "b", "B":
                    index += 2
                    continue
                case "w", "S", "d":
                    append(".")
                    index += 2
                    continue
                case "W", "D":
                    append("[\\s\\S]")
                    index += 2
                    continue
                case "Q":
                    // Copy a \Q…\E literal run verbatim.
                    var end = index + 2
                    while end < scalars.count
                        && !(scalars[end] == "\\" && end + 1 < scalars.count && scalars[end + 1] == "E")
                    {
                        end += 1
                    }
                    let stop = min(scalars.count, end + 2)
                    output.append(contentsOf: scalars[index..<stop])
                    index = stop
                    continue
                default:
                    // Copy the escape, including a braced argument such as \p{L} or \x{212A}.
                    var end = index + 2
                    if end < scalars.count && scalars[end] == "{" && "pPxNgko".unicodeScalars.contains(next) {
                        while end < scalars.count && scalars[end] != "}" { end += 1 }
                        end = min(scalars.count, end + 1)
                    }
                    output.append(contentsOf: scalars[index..<end])
                    index = end
                    continue
                }
            }
            if scalar == "[" {
                let end = classEnd(scalars, from: index)
                let body = String(String.UnicodeScalarView(scalars[index..<end]))
                let wide = ["\\w", "\\W", "\\S", "\\d", "\\D", "[:"].contains { body.contains($0) }
                if body.hasPrefix("[^") || wide {
                    append("[\\s\\S]")
                } else {
                    append(body)
                }
                index = end
                continue
            }
            if scalar == "{", let end = countedRepeatEnd(scalars, from: index) {
                append("*")
                index = end
                continue
            }
            output.append(scalar)
            index += 1
        }
        return String(output)
    }

    /// `pattern` with every `\N{U+hh…}` written `\x{hh…}`, in and out of bracket classes; escaped backslashes
    /// and `\Q…\E` runs are left as they are.
    static func codePointsAsHex(_ pattern: String) -> String {
        let scalars = Array(pattern.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        var quoted = false
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "\\", index + 1 < scalars.count else {
                output.append(scalar)
                index += 1
                continue
            }
            let next = scalars[index + 1]
            if quoted {
                if next == "E" { quoted = false }
                // Inside \Q…\E a backslash is literal: only \E ends the run.
                output.append(contentsOf: next == "E" ? scalars[index...(index + 1)] : scalars[index...index])
                index += next == "E" ? 2 : 1
                continue
            }
            if next == "Q" { quoted = true }
            if next == "N", index + 4 < scalars.count, scalars[index + 2] == "{", scalars[index + 3] == "U",
                scalars[index + 4] == "+"
            {
                output.append(contentsOf: "\\x{".unicodeScalars)
                index += 5
                continue
            }
            output.append(contentsOf: scalars[index...(index + 1)])
            index += 2
        }
        return String(output)
    }

    /// The index just after the bracket class starting at `start` (handles `[]…]`, `[^]…]`,
    /// escapes and POSIX `[:name:]` members).
    private static func classEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start + 1
        if index < scalars.count && scalars[index] == "^" { index += 1 }
        if index < scalars.count && scalars[index] == "]" { index += 1 }
        while index < scalars.count {
            switch scalars[index] {
            case "\\": index += 2
            case "[" where index + 1 < scalars.count && scalars[index + 1] == ":":
                index += 2
                while index + 1 < scalars.count && !(scalars[index] == ":" && scalars[index + 1] == "]") { index += 1 }
                index += 2
            case "]": return index + 1
            default: index += 1
            }
        }
        return scalars.count
    }

    /// The index after a `{m}`, `{m,}` or `{m,n}` quantifier starting at `start`, if it is one.
    private static func countedRepeatEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start + 1
        var digits = 0
        while index < scalars.count, scalars[index].properties.numericType == .decimal, scalars[index].isASCII {
            index += 1
            digits += 1
        }
        guard digits > 0, index < scalars.count else { return nil }
        if scalars[index] == "," {
            index += 1
            while index < scalars.count, scalars[index].isASCII, scalars[index].properties.numericType == .decimal {
                index += 1
            }
        }
        guard index < scalars.count, scalars[index] == "}" else { return nil }
        return index + 1
    }
}
