import CVectorscan

/// The expressions handed to `hs_compile_multi` for a list of prefilter patterns.
///
/// A regex pattern is one expression in prefilter mode. A literal-requirement pattern with one clause is
/// one exact expression `(?:lit|lit|…)`; with several clauses, each clause is a quiet sub-expression and a
/// logical combination (`a & b & …`) reports the rule, so the rule is a candidate only when every clause
/// was found somewhere in the text.
struct VectorscanExpressions {
    private(set) var texts: [String] = []
    private(set) var flags: [UInt32] = []
    private(set) var ids: [UInt32] = []
    /// For each expression, the index of the pattern it came from.
    private(set) var owners: [Int] = []

    init(_ patterns: [PrefilterPattern]) {
        // Sub-expression ids follow the largest rule id, so they never collide with one (and stay far
        // below the ids Vectorscan refuses as operands, near 2^30).
        var nextSubexpression = UInt32(bitPattern: patterns.map(\.id).max() ?? 0) &+ 1
        for (index, pattern) in patterns.enumerated() {
            let ruleID = UInt32(bitPattern: pattern.id)
            guard !pattern.requiredLiterals.isEmpty else {
                append(pattern.pattern, PrefilterDatabase.flags(for: pattern), ruleID, owner: index)
                continue
            }
            let literalFlags = UInt32(HS_FLAG_SINGLEMATCH | HS_FLAG_UTF8 | HS_FLAG_UCP | HS_FLAG_CASELESS)
            if pattern.requiredLiterals.count == 1 {
                append(Self.alternation(pattern.requiredLiterals[0]), literalFlags, ruleID, owner: index)
                continue
            }
            var operands: [String] = []
            // The quiet operands must not be SINGLEMATCH: with it, Vectorscan 5.4 misses combinations whose
            // operands match in some orders (seen with "foo how stab" against `(how) & (stab)`).
            let operandFlags = UInt32(HS_FLAG_UTF8 | HS_FLAG_UCP | HS_FLAG_CASELESS | HS_FLAG_QUIET)
            for clause in pattern.requiredLiterals {
                append(Self.alternation(clause), operandFlags, nextSubexpression, owner: index)
                operands.append(String(nextSubexpression))
                nextSubexpression += 1
            }
            append(
                operands.joined(separator: " & "),
                UInt32(HS_FLAG_COMBINATION | HS_FLAG_SINGLEMATCH),
                ruleID,
                owner: index
            )
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
