import CVectorscan

/// The expressions handed to `hs_compile_multi` for a list of prefilter patterns.
///
/// A regex pattern is one expression in prefilter mode. A literal-requirement pattern's clauses become exact
/// expressions `(?:lit|lit|…)`, each `SINGLEMATCH`; the ids (see ``ReportID``) tell the scan which rule and
/// clause matched, and the scan makes the rule a candidate once every clause was found.
///
/// A literal several clauses hold (the same verb in the rules of several languages, say) is compiled once:
/// literals are grouped by the set of clauses that hold them, a group of one clause keeps that clause's id,
/// and a group of several gets a shared id whose clauses the database lists in a side table (``shared``).
/// On the shipped prompt rules that leaves 9,670 literals of 11,484, and the scan does less work per byte.
///
/// A literal that must end at a word boundary goes into an expression of its own kind, without the boundary and
/// without `SINGLEMATCH`: the scan's callback looks at the byte after each match instead. Written as a class
/// after the literal, the boundary made Vectorscan confirm every literal one byte later, which cost about a
/// third of the prompt rules' scan time and compile time.
struct VectorscanExpressions {
    private(set) var texts: [String] = []
    private(set) var flags: [UInt32] = []
    private(set) var ids: [UInt32] = []
    /// For each expression, the indexes of the patterns it came from (several for a shared group).
    private(set) var owners: [[Int]] = []
    /// For each shared group, the plain ids (``ReportID/raw``) of the clauses that hold its literals.
    private(set) var shared: [[UInt32]] = []

    /// One literal as an expression takes it, and the clauses that hold it.
    private struct Literal {
        /// The literal, its trailing boundary removed when the callback checks it.
        var text: String
        var checksWordEnd: Bool
        /// The ids of the clauses (``ReportID/raw``) and the patterns they belong to, in first-seen order.
        var clauses: [UInt32] = []
        var patterns: [Int] = []
    }

    init(_ patterns: [PrefilterPattern]) {
        var literals: [Literal] = []
        var literalIndex: [String: Int] = [:]
        for (index, pattern) in patterns.enumerated() {
            let ruleID = UInt32(bitPattern: pattern.id)
            guard !pattern.requiredLiterals.isEmpty else {
                let id = ReportID(rule: ruleID, clause: 0, of: 1)
                append(pattern.pattern, PrefilterDatabase.flags(for: pattern), id.raw, owners: [index])
                continue
            }
            let count = pattern.requiredLiterals.count
            for (clause, clauseLiterals) in pattern.requiredLiterals.enumerated() {
                for literal in clauseLiterals {
                    let (text, checked) = Self.trailingBoundary(literal)
                    let id = ReportID(rule: ruleID, clause: clause, of: count, checksWordEnd: checked).raw
                    // Letter case aside, as the expressions are caseless (only ASCII is folded here: exact
                    // whatever the Unicode version).
                    let key = (checked ? "1" : "0") + String(text.unicodeScalars.map(Self.lowered))
                    let position = literalIndex[key] ?? literals.count
                    if position == literals.count {
                        literalIndex[key] = position
                        literals.append(Literal(text: text, checksWordEnd: checked))
                    }
                    if !literals[position].clauses.contains(id) {
                        literals[position].clauses.append(id)
                        literals[position].patterns.append(index)
                    }
                }
            }
        }
        appendGroups(of: literals)
    }

    /// Groups `literals` by the clauses that hold them, in first-seen order, and appends each group's expressions.
    private mutating func appendGroups(of literals: [Literal]) {
        var groupOrder: [[UInt32]] = []
        var groups: [[UInt32]: [Int]] = [:]
        for (position, literal) in literals.enumerated() {
            // The word-end kind is part of every id, so one group never mixes the two kinds.
            let key = literal.clauses.sorted()
            if groups[key] == nil { groupOrder.append(key) }
            groups[key, default: []].append(position)
        }
        let literalFlags = UInt32(HS_FLAG_UTF8 | HS_FLAG_UCP | HS_FLAG_CASELESS)
        for key in groupOrder {
            let members = groups[key]!
            let checked = literals[members[0]].checksWordEnd
            let id: UInt32
            if key.count == 1 {
                id = key[0]
            } else {
                id = ReportID.shared(group: shared.count, checksWordEnd: checked)
                shared.append(key)
            }
            let flags = checked ? literalFlags : literalFlags | UInt32(HS_FLAG_SINGLEMATCH)
            let owners = literals[members[0]].patterns
            // Vectorscan limits one expression's length: a long group becomes several expressions with the same
            // id (any of them reports the group).
            var start = 0
            while start < members.count {
                let end = min(members.count, start + Self.literalsPerExpression)
                let texts = members[start..<end].map { literals[$0].text }
                append(Self.alternation(texts), flags, id, owners: owners)
                start = end
            }
        }
    }

    private static func lowered(_ scalar: Unicode.Scalar) -> Character {
        Character((0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(scalar.value | 0x20)! : scalar)
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

    private mutating func append(_ text: String, _ flag: UInt32, _ id: UInt32, owners patterns: [Int]) {
        texts.append(text)
        flags.append(flag)
        ids.append(id)
        owners.append(patterns)
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
