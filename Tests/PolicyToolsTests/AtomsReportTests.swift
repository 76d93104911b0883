import Foundation
import Policy
import PolicyTools
import Testing

/// `policy atoms` on a small set: what the prefilter looks for, per rule, as screening builds it.
@Suite("Atoms report")
struct AtomsReportTests {
    /// ``PolicyFixture/violence`` plus a prompt rule without letters, and with `\s` in the response rule.
    static let violence = PolicyFixture.violence
        .replacingOccurrences(
            of: "forbid_responses:",
            with: """
                  - id: violence.code
                    description: a door code, no letters to look for
                    severity: low
                    pattern: '\\b\\d{4}-\\d{4}\\b'
                forbid_responses:
                """
        )
        .replacingOccurrences(of: #"'\bammonium nitrate\b'"#, with: #"'\bammonium\snitrate\b'"#)

    private func report(_ prefixes: [String] = []) throws -> AtomsReport {
        let fixture = try PolicyFixture(["violence.yaml": Self.violence])
        return try AtomsReport(PolicyLoader().load(directory: fixture.path), rulePrefixes: prefixes)
    }

    private func clauses(_ entry: AtomsReport.Entry?) -> [[String]]? {
        guard case .literals(let clauses) = entry?.atoms else { return nil }
        return clauses.map(\.strings)
    }

    @Test("each rule's clauses, rarest first, with word boundaries and white space spelled as in PCRE2")
    func literalClauses() throws {
        let report = try report()
        let byRule = Dictionary(uniqueKeysWithValues: report.entries.map { ($0.rule, $0) })
        #expect(clauses(byRule["violence.bomb"]) == [["\\bbomb\\b"], ["\\bbuild\\b", "\\bmake\\b"]])
        #expect(clauses(byRule["violence.recipe"]) == [["\\bammonium\\snitrate\\b"]])
        #expect(clauses(byRule["refusal.en.cant-help"]) == [["I can't help", "I cannot help"]])
        // Ranked by the chance model: one six-unit string is rarer than two of six and seven.
        if case .literals(let bomb) = byRule["violence.bomb"]?.atoms {
            #expect(bomb[0].expectedHits < bomb[1].expectedHits)
            #expect(abs(AtomsReport.chanceHitsPerBillion(bomb[0]) - 1e9 / pow(26, 6)) < 1e-9)
        }
    }

    @Test("a rule without selective literals shows the loosened pattern Vectorscan runs instead")
    func relaxedPattern() throws {
        let code = try report().entries.first { $0.rule == "violence.code" }
        #expect(code?.atoms == .relaxedPattern(".*-.*"), "\\b dropped, \\d{4} widened to any run")
    }

    @Test("groups as screening builds them: an allow rule for both targets is in both allow groups")
    func groups() throws {
        let report = try report()
        let groups = Dictionary(uniqueKeysWithValues: report.entries.map { ($0.rule, $0.groups) })
        #expect(groups["violence.bomb"] == ["prompt"])
        #expect(groups["violence.recipe"] == ["response"])
        #expect(groups["violence.allow.bath"] == ["prompt_allow", "response_allow"])
        #expect(groups["refusal.en.sorry"] == ["opening_markers"])
        #expect(report.entries.count == 6, "each rule once: \(report.entries.map(\.rule))")
    }

    @Test("--rule keeps the rules whose id starts with a prefix; a prefix that matches none is an error")
    func rulePrefixes() throws {
        #expect(
            try report(["violence.b", "refusal."]).entries.map(\.rule).sorted() == [
                "refusal.en.cant-help", "refusal.en.sorry", "violence.bomb",
            ]
        )
        #expect(throws: AtomsReport.UnknownRule.self) { try report(["violence.bomb", "sexual."]) }
        do {
            _ = try report(["sexual."])
        } catch let error as AtomsReport.UnknownRule {
            #expect(error.description.contains("no rule id starts with 'sexual.'"))
        }
    }

    @Test("text: a header line per rule, numbered clauses, strings cut after the limit, a count line")
    func text() throws {
        let fixture = try PolicyFixture(["violence.yaml": Self.violence])
        let report = try AtomsReport(PolicyLoader().load(directory: fixture.path), rulePrefixes: ["violence."])
        let text = report.text(stringsPerClause: 1)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "violence.bomb  \(fixture.path)/violence.yaml:4  [prompt]")
        #expect(lines.contains("  2 literal clauses (a text needs one string of each):"))
        #expect(lines.contains("    1. 1 string, 3.24 chance hits per billion characters: \\bbomb\\b"))
        #expect(lines.contains { $0.hasPrefix("    2. 2 strings, ") && $0.hasSuffix(": \\bbuild\\b | … (1 more)") })
        #expect(lines.contains("    .*-.*"))
        #expect(lines.last == "4 rule(s): 3 filtered by literal clauses (5 strings), 1 by a loosened pattern")
        #expect(report.text(stringsPerClause: nil).contains("\\bbuild\\b | \\bmake\\b"))
    }

    @Test("json: one object per rule with its clauses or its loosened pattern")
    func json() throws {
        let parsed = try JSONSerialization.jsonObject(with: Data(try report(["violence."]).json().utf8))
        let objects = try #require(parsed as? [[String: Any]])
        #expect(
            objects.map { $0["rule"] as? String } == [
                "violence.bomb", "violence.code", "violence.recipe", "violence.allow.bath",
            ]
        )
        let bomb = objects[0]
        #expect(bomb["line"] as? Int == 4)
        #expect(bomb["groups"] as? [String] == ["prompt"])
        let clauses = try #require(bomb["clauses"] as? [[String: Any]])
        #expect(clauses.map { $0["strings"] as? [String] } == [["\\bbomb\\b"], ["\\bbuild\\b", "\\bmake\\b"]])
        #expect((clauses[0]["chance_hits_per_billion"] as? Double).map { abs($0 - 3.2366) < 0.001 } == true)
        #expect(objects[1]["relaxed_pattern"] as? String == ".*-.*")
        #expect(objects[1]["clauses"] == nil)
    }
}
