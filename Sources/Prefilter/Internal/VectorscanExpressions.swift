import CVectorscan

/// The expressions handed to `hs_compile_multi` for a list of prefilter patterns.
///
/// A regex pattern is one expression in prefilter mode. A literal-requirement pattern gives one exact
/// expression `(?:lit|lit|…)` per clause, each `SINGLEMATCH`; the ids (see ``ReportID``) tell the scan
/// which rule and clause matched, and the scan makes the rule a candidate once every clause was found.
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
            let literalFlags = UInt32(HS_FLAG_SINGLEMATCH | HS_FLAG_UTF8 | HS_FLAG_UCP | HS_FLAG_CASELESS)
            let count = pattern.requiredLiterals.count
            for (clause, literals) in pattern.requiredLiterals.enumerated() {
                let id = ReportID(rule: ruleID, clause: clause, of: count)
                append(Self.alternation(literals), literalFlags, id.raw, owner: index)
            }
        }
    }

    private mutating func append(_ text: String, _ flag: UInt32, _ id: UInt32, owner: Int) {
        texts.append(text)
        flags.append(flag)
        ids.append(id)
        owners.append(owner)
    }

    /// `(?:a|b|…)` with every character that is not an ASCII letter or digit written as an escape, so a
    /// literal never reads as syntax.
    static func alternation(_ literals: [String]) -> String {
        "(?:" + literals.map(escaped).joined(separator: "|") + ")"
    }

    private static func escaped(_ literal: String) -> String {
        var out = ""
        for scalar in literal.unicodeScalars {
            if scalar.isASCII {
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
}
