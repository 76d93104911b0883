import Foundation
import Policy

/// What the prefilter looks for before each rule runs in PCRE2 (`refusald policy atoms`): a rule that
/// `refusald scan --rule-costs` shows running often without matching has a clause that common text satisfies, and
/// this report names it.
public struct AtomsReport: Sendable {
    /// One rule's entry.
    public struct Entry: Sendable, Equatable {
        /// The rule's id.
        public var rule: String
        /// Where the rule is defined.
        public var location: SourceLocation
        /// The rule groups it screens in (`prompt`, `response`, `prompt_allow`, `opening_markers`, …); each group
        /// has its own prefilter database.
        public var groups: [String]
        /// What the prefilter looks for.
        public var atoms: PrefilterAtoms
    }

    /// A rule prefix that matched no rule of the set.
    public struct UnknownRule: Error, CustomStringConvertible {
        /// The prefix as given.
        public var prefix: String
        /// Says what was not found and how to list the ids.
        public var description: String {
            "no rule id starts with '\(prefix)'; `refusald policy atoms` without --rule lists every rule"
        }
    }

    /// The entries, in group order (prompt rules first), each rule once.
    public var entries: [Entry]

    /// The report for the rules of `set` whose id starts with one of `rulePrefixes` (every rule when empty).
    /// - Throws: ``UnknownRule`` for a prefix no rule id starts with; ``PolicyError`` when a pattern does not
    ///   compile.
    public init(_ set: PolicySet, rulePrefixes: [String] = []) throws {
        // The groups as screening builds them, so the report never disagrees with it (PCRE2 only: the Vectorscan
        // databases take a minute to compile and are not needed to know what they would hold).
        let compiled = try CompiledPolicySet(set, options: CompiledPolicySet.Options(jit: false, prefilter: false))
        var entries: [Entry] = []
        var indexByRule: [String: Int] = [:]
        for (name, group) in compiled.groups {
            for compiledRule in group.rules {
                let rule = compiledRule.rule
                guard rulePrefixes.isEmpty || rulePrefixes.contains(where: { rule.id.hasPrefix($0) }) else { continue }
                if let index = indexByRule[rule.id] {
                    entries[index].groups.append(name)
                } else {
                    indexByRule[rule.id] = entries.count
                    entries.append(
                        Entry(rule: rule.id, location: rule.location, groups: [name], atoms: PrefilterAtoms(for: rule))
                    )
                }
            }
        }
        if let unknown = rulePrefixes.first(where: { prefix in !entries.contains { $0.rule.hasPrefix(prefix) } }) {
            throw UnknownRule(prefix: unknown)
        }
        self.entries = entries
    }

    /// A clause's ``PrefilterAtoms/Clause/expectedHits`` per billion text positions: the prefilter's own ranking
    /// model (each letter one chance in 26), good for comparing clauses, not a forecast for real text, where
    /// "fazer" or "garder" turn up far more often than their five and six letters suggest.
    public static func chanceHitsPerBillion(_ clause: PrefilterAtoms.Clause) -> Double {
        clause.expectedHits * 1_000_000_000
    }

    /// A report for people: per rule its location and groups, then each clause with its size, chance hits
    /// (``chanceHitsPerBillion(_:)``) and strings (the first `stringsPerClause`, or all when `nil`), then a count line.
    public func text(stringsPerClause: Int? = 12) -> String {
        var lines: [String] = []
        for entry in entries {
            lines.append(
                "\(entry.rule)  \(entry.location.file):\(entry.location.line)  [\(entry.groups.joined(separator: ", "))]"
            )
            switch entry.atoms {
            case .literals(let clauses):
                let each = clauses.count == 1 ? "" : " (a text needs one string of each)"
                lines.append("  \(clauses.count) literal clause\(clauses.count == 1 ? "" : "s")\(each):")
                for (number, clause) in clauses.enumerated() {
                    let shown = stringsPerClause.map { Array(clause.strings.prefix($0)) } ?? clause.strings
                    let more = clause.strings.count - shown.count
                    let list = shown.joined(separator: " | ") + (more > 0 ? " | … (\(more) more)" : "")
                    let size = "\(clause.strings.count) string\(clause.strings.count == 1 ? "" : "s")"
                    lines.append(
                        "    \(number + 1). \(size), \(Self.formatted(Self.chanceHitsPerBillion(clause))) chance hits per "
                            + "billion characters: \(list)"
                    )
                }
            case .relaxedPattern(let pattern):
                lines.append("  no selective literals: the loosened pattern runs in Vectorscan's prefilter mode:")
                lines.append("    \(pattern)")
            }
        }
        lines.append(summary)
        return lines.joined(separator: "\n")
    }

    /// One JSON object per rule in an array: `rule`, `file`, `line`, `groups`, then either `clauses` (each with
    /// `strings` and `chance_hits_per_billion`) or `relaxed_pattern`.
    public func json() -> String {
        let objects = entries.map { entry -> JSONValue in
            var fields: [(String, JSONValue)] = [
                ("rule", .string(entry.rule)),
                ("file", .string(entry.location.file)),
                ("line", .int(entry.location.line)),
                ("groups", .array(entry.groups.map(JSONValue.string))),
            ]
            switch entry.atoms {
            case .literals(let clauses):
                fields.append(
                    (
                        "clauses",
                        .array(
                            clauses.map { clause in
                                .object([
                                    ("strings", .array(clause.strings.map(JSONValue.string))),
                                    ("chance_hits_per_billion", .number(Self.chanceHitsPerBillion(clause))),
                                ])
                            }
                        )
                    )
                )
            case .relaxedPattern(let pattern):
                fields.append(("relaxed_pattern", .string(pattern)))
            }
            return .object(fields)
        }
        return JSONValue.array(objects).rendered()
    }

    /// `N rules: N by literal clauses (N strings), N by a loosened pattern`.
    var summary: String {
        var literalRules = 0
        var strings = 0
        for entry in entries {
            if case .literals(let clauses) = entry.atoms {
                literalRules += 1
                strings += clauses.reduce(0) { $0 + $1.strings.count }
            }
        }
        return "\(entries.count) rule(s): \(literalRules) filtered by literal clauses (\(strings) strings), "
            + "\(entries.count - literalRules) by a loosened pattern"
    }

    /// Three significant digits, without an exponent for the usual range.
    private static func formatted(_ value: Double) -> String {
        if value >= 100 { return String(Int(value.rounded())) }
        return String(format: "%.3g", value)
    }
}
