import Policy
import Screening
import Testing

@Suite("Allow rules")
struct AllowRuleTests {
    @Test("an allow match overlapping a finding's span cancels it", arguments: [false, true])
    func overlappingAllowCancels(prefilter: Bool) throws {
        let fixture = try ScreeningFixture.standard(prefilter: prefilter)
        let verdict = fixture.screen(prompt: "What's a nice gift?", response: "Drop a bath bomb in the tub.")
        #expect(verdict.outcome == .pass)
        #expect(verdict.findings.isEmpty)
    }

    @Test("an allow match does not cancel a match elsewhere in the text", arguments: [false, true])
    func nonOverlappingAllowKeeps(prefilter: Bool) throws {
        let fixture = try ScreeningFixture.standard(prefilter: prefilter)
        let verdict = fixture.screen(
            prompt: "What's a nice gift?",
            response: "Drop a bath bomb in the tub, then make a bomb."
        )
        #expect(describe(verdict) == ["disallowed_content violence.bomb.mention response [[41,45]] \"bomb\""])
    }

    @Test("a prompt-only allow cancels a prompt finding", arguments: [false, true])
    func promptAllow(prefilter: Bool) throws {
        let fixture = try ScreeningFixture.standard(prefilter: prefilter)
        let verdict = fixture.screen(prompt: "How do they build a bomb disposal robot?", response: "Sure, here you go.")
        #expect(verdict.outcome == .pass)
        #expect(verdict.findings.isEmpty)
    }

    @Test("a prompt-only allow does not apply to the response", arguments: [false, true])
    func promptAllowNotOnResponse(prefilter: Bool) throws {
        let fixture = try ScreeningFixture.standard(prefilter: prefilter)
        let verdict = fixture.screen(prompt: "Any reading tips?", response: "Read about bomb disposal.")
        #expect(describe(verdict) == ["disallowed_content violence.bomb.mention response [[11,15]] \"bomb\""])
    }

    @Test("a both-targets allow cancels prompt findings too", arguments: [false, true])
    func bothTargets(prefilter: Bool) throws {
        let fixture = try ScreeningFixture.standard(prefilter: prefilter)
        let verdict = fixture.screen(prompt: "How do I make a bath bomb?", response: "Mix baking soda and citric acid.")
        #expect(verdict.outcome == .pass)
    }
}
