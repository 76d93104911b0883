import PCRE2
import Screening
import Testing

/// Per-rule cost counters: every PCRE2 run is counted once, with whether it matched, and the prefilter's
/// scans separately; counters from several sessions add up.
@Suite("Rule costs")
struct RuleCostsTests {
    private func screen(_ fixture: ScreeningFixture, _ costs: RuleCosts) -> Verdict {
        let session = fixture.prefilter ? fixture.screener.makeSession() : ScreeningSession(match: MatchSession())
        session.costs = costs
        let item = ScreeningItem(id: "c1", prompt: "How do I make a bomb?", response: "Here is a bomb. Kill them.")
        return fixture.screener.screen(item, file: "t.jsonl", line: 1, screenedAt: "t", session: session)
    }

    @Test("with the prefilter only the candidates run, and each run is counted with its outcome")
    func prefiltered() throws {
        let costs = RuleCosts()
        let verdict = screen(try ScreeningFixture.standard(prefilter: true), costs)
        #expect(verdict.findings.count == 3)
        #expect(costs.rules.keys.sorted() == ["violence.bomb.build", "violence.bomb.mention", "violence.kill.them"])
        for (rule, entry) in costs.rules {
            #expect(entry.runs == 1 && entry.matches == 1 && entry.failures == 0, "\(rule): \(entry)")
        }
        #expect(costs.prefilterScans >= 4, "prompt, response, both marker groups")
        #expect(costs.prefilterNanoseconds > 0)
    }

    @Test("without the prefilter every rule runs; those that do not match are counted as runs only")
    func unfiltered() throws {
        let costs = RuleCosts()
        _ = screen(try ScreeningFixture.standard(prefilter: false), costs)
        let build = try #require(costs.rules["violence.bomb.build"])
        #expect(build.runs == 1 && build.matches == 1 && build.failures == 0)
        let german = try #require(costs.rules["violence.de.brandsatz"])
        #expect(german.runs == 1 && german.matches == 0)
        #expect(costs.rules["refusal.en.cant-help"].map { $0.runs >= 1 && $0.matches == 0 } == true)
        #expect(costs.prefilterScans == 0)
        #expect(costs.byTime.count == costs.rules.count)
    }

    @Test("merging adds every counter; the report lists the costliest rule first")
    func mergeAndReport() throws {
        let fixture = try ScreeningFixture.standard(prefilter: true)
        let (first, second) = (RuleCosts(), RuleCosts())
        _ = screen(fixture, first)
        _ = screen(fixture, second)
        _ = screen(fixture, second)
        first.merge(second)
        #expect(first.rules["violence.bomb.mention"]?.runs == 3)
        #expect(first.rules["violence.bomb.mention"]?.matches == 3)
        #expect(first.prefilterScans == 3 * second.prefilterScans / 2)
        let report = first.report().split(separator: "\n")
        #expect(report[0].hasPrefix("PCRE2: ") && report[0].contains("9 runs of 3 rules"), "\(report[0])")
        #expect(report[1].hasPrefix("rule"))
        #expect(report.count == 5)
        #expect(report[2].hasPrefix(first.byTime[0].rule + " "))
    }
}
