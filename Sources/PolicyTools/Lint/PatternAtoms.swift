/// The pieces of a PCRE2 pattern's own text that adversarial inputs are built from: the literal
/// words it spells, single literal characters, and one sample character per class (`\w`, `[a-z]`,
/// `.`). A rough scan, not a parser: it only needs to find text the pattern is likely to consume.
struct PatternAtoms: Equatable {
    /// Runs of literal characters (letters, digits, spaces, escaped punctuation), in pattern order.
    var words: [String] = []
    /// Sample characters for classes and single literal characters, without duplicates.
    var characters: [String] = []

    /// Scans `pattern`.
    init(_ pattern: String) {
        let scalars = Array(pattern.unicodeScalars)
        var index = 0
        var word = ""
        func endWord() {
            let trimmed = word.trimmingSpaces
            if !trimmed.isEmpty && !words.contains(trimmed) { words.append(trimmed) }
            word = ""
        }
        func addCharacter(_ character: String) {
            if !characters.contains(character) { characters.append(character) }
        }
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "\\":
                guard index + 1 < scalars.count else {
                    index += 1
                    continue
                }
                let escaped = scalars[index + 1]
                index += 2
                if escaped == "N",
                    let (character, next) = Self.codePoint(scalars, from: index, hexadecimal: true, bracePrefix: "U+")
                {
                    // `\N{U+e9}`: the character itself, like `\x{e9}` (a bare `\N` is "not a newline").
                    word.unicodeScalars.append(character)
                    addCharacter(String(character))
                    index = next
                } else if escaped == "p" || escaped == "P" {
                    endWord()
                    let (sample, next) = Self.propertySample(scalars, escape: escaped, from: index)
                    addCharacter(sample)
                    index = next
                } else if let sample = Self.classSample(escaped) {
                    endWord()
                    addCharacter(sample)
                } else if escaped == "x" || escaped == "o",
                    let (character, next) = Self.codePoint(scalars, from: index, hexadecimal: escaped == "x")
                {
                    // `\x{e9}`, `\xe9`, `\o{351}`: the character itself, part of the word like any literal.
                    word.unicodeScalars.append(character)
                    addCharacter(String(character))
                    index = next
                } else if escaped == "x" || escaped == "o" || escaped == "g" || escaped == "k" {
                    endWord()  // a malformed code point, or a back reference: no literal text
                    index = Self.skipBraces(scalars, from: index)
                } else if escaped.properties.isAlphabetic || escaped.properties.numericType != nil {
                    endWord()  // \b, \A, \z, \1, \Q...: anchors and references consume no text
                } else {
                    word.unicodeScalars.append(escaped)
                    addCharacter(String(escaped))
                }
            case "[":
                endWord()
                let (sample, next) = Self.classSample(scalars, from: index)
                addCharacter(sample)
                index = next
            case "(":
                endWord()
                index += 1
                if index < scalars.count && scalars[index] == "?" {
                    index = Self.skipGroupPrefix(scalars, from: index + 1)
                } else if index < scalars.count && scalars[index] == "*" {
                    index = Self.skipVerb(scalars, from: index)
                }
            case "{":
                // A quantifier `{n}`, `{n,m}` ends the word before it; its digits are not text.
                endWord()
                index = Self.skipBraces(scalars, from: index)
            case ".":
                endWord()
                addCharacter("a")
                index += 1
            case ")", "|", "*", "+", "?", "^", "$":
                endWord()
                index += 1
            default:
                word.unicodeScalars.append(scalar)
                if scalar != " " { addCharacter(String(scalar)) }
                index += 1
            }
        }
        endWord()
    }

    /// A character matched by the escape `\c`, for class escapes; `nil` for anything else.
    private static func classSample(_ escape: Unicode.Scalar) -> String? {
        switch escape {
        case "w", "S", "X": return "a"
        case "d": return "1"
        case "s", "h": return " "
        case "v", "R", "N": return escape == "N" ? "a" : "\n"
        case "W", "D", "H", "V": return "!"
        default: return nil
        }
    }

    /// A character matched by the property escape `\p…` or `\P…` whose name (`{Lu}` or one letter) starts at
    /// `start`, and the index after the name. Falls back to "a" (`\p`) or "!" (`\P`) when the name is malformed
    /// or matches none of ``PropertySample/candidates``.
    private static func propertySample(
        _ scalars: [Unicode.Scalar],
        escape: Unicode.Scalar,
        from start: Int
    ) -> (String, Int) {
        let end = start < scalars.count && scalars[start] != "{" ? start + 1 : skipBraces(scalars, from: start)
        let written = "\\" + String(escape) + String(String.UnicodeScalarView(scalars[start..<end]))
        return (PropertySample.sample(for: written) ?? (escape == "p" ? "a" : "!"), end)
    }

    /// A sample member of the class starting at `start` (`[`), and the index after the class.
    private static func classSample(_ scalars: [Unicode.Scalar], from start: Int) -> (String, Int) {
        var index = start + 1
        var negated = false
        if index < scalars.count && scalars[index] == "^" {
            negated = true
            index += 1
        }
        var members: [Unicode.Scalar] = []
        var first = true
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "]" && !first { break }
            first = false
            if scalar == "\\" && index + 1 < scalars.count {
                let escaped = scalars[index + 1]
                index += 2
                if escaped == "p" || escaped == "P" {
                    let (sample, next) = propertySample(scalars, escape: escaped, from: index)
                    members += sample.unicodeScalars
                    index = next
                    continue
                }
                if let sample = classSample(escaped) {
                    members += sample.unicodeScalars
                } else if !escaped.properties.isAlphabetic {
                    members.append(escaped)
                }
                if escaped == "x" { index = skipBraces(scalars, from: index) }
                continue
            }
            if scalar == "[" && index + 1 < scalars.count && scalars[index + 1] == ":" {
                // POSIX class such as [:alpha:]
                while index < scalars.count && !(scalars[index] == "]" && scalars[index - 1] == ":") { index += 1 }
                members.append("a")
                index += 1
                continue
            }
            members.append(scalar)
            index += 1
        }
        let next = min(index + 1, scalars.count)
        if negated {
            let sample = ["a", "1", " ", "x", "!"].first { candidate in
                !members.contains(Unicode.Scalar(candidate)!)
            }
            return (sample ?? "☃", next)
        }
        let sample = members.first { $0 != "-" }.map { String($0) } ?? "a"
        return (sample, next)
    }

    /// The character written after `\x` (`{hex}` or up to two hex digits) or `\o` (`{octal}`) at `start`, and the
    /// index after it; `nil` when that is not a valid code point. With a `bracePrefix` (`U+` after `\N`) only the
    /// braced form counts, and the prefix must open it.
    private static func codePoint(
        _ scalars: [Unicode.Scalar],
        from start: Int,
        hexadecimal: Bool,
        bracePrefix: String = ""
    ) -> (Unicode.Scalar, Int)? {
        let radix = hexadecimal ? 16 : 8
        var digits = ""
        var next = start
        let prefix = Array(bracePrefix.unicodeScalars)
        if start < scalars.count && scalars[start] == "{" {
            let digitsStart = start + 1 + prefix.count
            guard digitsStart <= scalars.count, scalars[(start + 1)..<digitsStart].elementsEqual(prefix),
                let close = scalars[digitsStart...].firstIndex(of: "}")
            else { return nil }
            digits = String(String.UnicodeScalarView(scalars[digitsStart..<close]))
            next = close + 1
        } else if hexadecimal && prefix.isEmpty {
            while next < scalars.count && next < start + 2 && scalars[next].properties.isASCIIHexDigit {
                digits.unicodeScalars.append(scalars[next])
                next += 1
            }
        } else {
            return nil
        }
        guard !digits.isEmpty, let value = UInt32(digits, radix: radix), let scalar = Unicode.Scalar(value) else {
            return nil
        }
        return (scalar, next)
    }

    /// The index after a `{...}` at `start`, or `start` when there is no brace there.
    private static func skipBraces(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        guard start < scalars.count, scalars[start] == "{" else { return start }
        var index = start
        while index < scalars.count && scalars[index] != "}" { index += 1 }
        return min(index + 1, scalars.count)
    }

    /// Skips what follows `(?`: `:`, `=`, `!`, `<=`, `<!`, `>`, `|`, `<name>`, `'name'`, `P<name>`,
    /// option letters such as `i)` or `i:`, and comments `#...)`.
    private static func skipGroupPrefix(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        guard index < scalars.count else { return index }
        switch scalars[index] {
        case ":", "=", "!", ">", "|": return index + 1
        case "#":
            while index < scalars.count && scalars[index] != ")" { index += 1 }
            return min(index + 1, scalars.count)
        case "<", "'", "P":
            if scalars[index] == "P" { index += 1 }
            if index < scalars.count && scalars[index] == "<" && index + 1 < scalars.count
                && (scalars[index + 1] == "=" || scalars[index + 1] == "!")
            {
                return index + 2
            }
            while index < scalars.count && scalars[index] != ">" && scalars[index] != "'" && scalars[index] != ")" {
                index += 1
            }
            return min(index + 1, scalars.count)
        default:
            while index < scalars.count
                && (scalars[index].properties.isAlphabetic || scalars[index] == "-" || scalars[index] == "^")
            {
                index += 1
            }
            if index < scalars.count && (scalars[index] == ":" || scalars[index] == ")") { index += 1 }
            return index
        }
    }

    /// Skips a verb such as `(*UCP)` or `(*SKIP)`.
    private static func skipVerb(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < scalars.count && scalars[index] != ")" { index += 1 }
        return min(index + 1, scalars.count)
    }
}

extension String {
    /// The string without leading and trailing spaces.
    fileprivate var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
