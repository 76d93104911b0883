import CVectorscan

/// The expressions handed to `hs_compile_multi` for a list of prefilter patterns.
///
/// A regex pattern is one expression in prefilter mode. A literal-requirement pattern gives one exact
/// expression `(?:lit|lit|…)` per clause, each `SINGLEMATCH`; the ids (see ``ReportID``) tell the scan
/// which rule and clause matched, and the scan makes the rule a candidate once every clause was found.
///
/// A literal that must end at a word boundary goes into an expression of its own kind, without the boundary and
/// without `SINGLEMATCH`: the scan's callback looks at the byte after each match instead. Written as a class
/// after the literal, the boundary made Vectorscan confirm every literal one byte later, which cost about a
/// third of the prompt rules' scan time and compile time.
struct VectorscanExpressions {
    private(set) var texts: [String] = []
    private(set) var flags: [UInt32] = []
    private(set) var ids: [UInt32] = []
    /// For each expression, the index of the pattern it came from.
    private(set) var owners: [Int] = []

    init(_ patterns: [PrefilterPattern]) {
        for (index, pattern) in patterns.enumerated() {
            let ruleID = UInt32(bitPattern: pattern.id)
            guard !pattern.requiredLiterals.isEmpty else {
                let id = ReportID(rule: ruleID, clause: 0, of: 1)
                append(pattern.pattern, PrefilterDatabase.flags(for: pattern), id.raw, owner: index)
                continue
            }
            let literalFlags = UInt32(HS_FLAG_UTF8 | HS_FLAG_UCP | HS_FLAG_CASELESS)
            let count = pattern.requiredLiterals.count
            for (clause, literals) in pattern.requiredLiterals.enumerated() {
                let bounded = literals.map(Self.trailingBoundary)
                for checked in [false, true] {
                    let kind = zip(literals, bounded).filter { $0.1.checked == checked }.map(\.1.literal)
                    let id = ReportID(rule: ruleID, clause: clause, of: count, checksWordEnd: checked)
                    let flags = checked ? literalFlags : literalFlags | UInt32(HS_FLAG_SINGLEMATCH)
                    // Vectorscan limits one expression's length: a long clause becomes several expressions
                    // with the same id (any of them reports the clause).
                    var start = 0
                    while start < kind.count {
                        let end = min(kind.count, start + Self.literalsPerExpression)
                        append(Self.alternation(Array(kind[start..<end])), flags, id.raw, owner: index)
                        start = end
                    }
                }
            }
        }
    }

    /// `literal` without its trailing ``PrefilterPattern/wordBoundary`` when that boundary follows a letter or
    /// digit (the scan then checks the byte after each match itself), else `literal` as it is.
    static func trailingBoundary(_ literal: String) -> (literal: String, checked: Bool) {
        var scalars = Array(literal.unicodeScalars)
        guard scalars.last == PrefilterPattern.wordBoundary,
            let previous = scalars.last(where: { $0 != PrefilterPattern.wordBoundary }), isWordCharacter(previous)
        else { return (literal, false) }
        while scalars.last == PrefilterPattern.wordBoundary { scalars.removeLast() }
        var trimmed = ""
        trimmed.unicodeScalars.append(contentsOf: scalars)
        return (trimmed, true)
    }

    /// At most this many literals go into one expression.
    static let literalsPerExpression = 128

    private mutating func append(_ text: String, _ flag: UInt32, _ id: UInt32, owner: Int) {
        texts.append(text)
        flags.append(flag)
        ids.append(id)
        owners.append(owner)
    }

    /// `(?:a|b|…)` with every character that is not an ASCII letter or digit written as an escape, so a
    /// literal never reads as syntax, and ``PrefilterPattern/whiteSpace`` written as a class that holds
    /// every character PCRE2's `\s` can match (Unicode separators, tab to carriage return, next line).
    static func alternation(_ literals: [String]) -> String {
        "(?:" + literals.map(escaped).joined(separator: "|") + ")"
    }

    private static func escaped(_ literal: String) -> String {
        let scalars = Array(literal.unicodeScalars)
        var out = ""
        for (position, scalar) in scalars.enumerated() {
            if scalar == PrefilterPattern.wordBoundary {
                out += boundary(scalars, at: position)
            } else if scalar == PrefilterPattern.whiteSpace {
                out += "[\\s\\p{Z}\\x{85}]"
            } else if scalar.isASCII {
                let value = scalar.value
                let isAlphanumeric =
                    (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
                if isAlphanumeric {
                    out.unicodeScalars.append(scalar)
                } else {
                    let hex = String(value, radix: 16)
                    out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
                }
            } else {
                out += "\\x{" + String(scalar.value, radix: 16) + "}"
            }
        }
        return out
    }

    /// What a ``PrefilterPattern/wordBoundary`` at `position` becomes: at the start of the literal, before a
    /// letter or digit, "the text's start or a character that is not an ASCII letter, digit or underscore";
    /// likewise at the end, after one; anywhere else nothing (dropping an assertion only admits more texts).
    private static func boundary(_ scalars: [Unicode.Scalar], at position: Int) -> String {
        let notWord = "[^a-zA-Z0-9_]"
        // Only the first of leading markers and the last of trailing ones stand for the class.
        let isMarker = { (scalar: Unicode.Scalar) in scalar == PrefilterPattern.wordBoundary }
        if position == 0, let next = scalars.first(where: { !isMarker($0) }), isWordCharacter(next) {
            return "(?:^|\(notWord))"
        }
        if position == scalars.count - 1, let previous = scalars.last(where: { !isMarker($0) }),
            isWordCharacter(previous)
        {
            return "(?:\(notWord)|$)"
        }
        return ""
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        PrefilterPattern.isWordCharacter(scalar)
    }
}
