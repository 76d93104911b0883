import Testing

@testable import PCRE2

@Suite("Match limits")
struct MatchLimitTests {
    /// 40 a's then a b: `(a+)+$` backtracks through 2^40 ways of splitting the a's.
    static let catastrophicSubject = String(repeating: "a", count: 40) + "b"

    @Test("a catastrophic pattern throws a limit error instead of reporting no match", arguments: [true, false])
    func catastrophicBacktracking(jit: Bool) throws {
        let pattern = try Pattern("(a+)+$", options: PatternOptions(jit: jit))
        let session = MatchSession()
        do throws(PCRE2Error) {
            let spans = try session.allMatches(of: pattern, in: Self.catastrophicSubject)
            Issue.record("expected a limit error, got \(spans)")
        } catch {
            #expect(error.isLimit)
            #expect(error.code == .matchLimit || error.code == .stackLimit)
            #expect(error.message.contains("limit exceeded"))
        }
    }

    @Test("the same catastrophic pattern still matches harmless text")
    func catastrophicPatternOnHarmlessText() throws {
        let pattern = try Pattern("(a+)+$")
        let session = MatchSession()
        #expect(try session.allMatches(of: pattern, in: "baaa") == [ByteSpan(start: 1, end: 4)])
        #expect(try session.allMatches(of: pattern, in: "b") == [])
    }

    @Test("the match limit is the one configured", arguments: [true, false])
    func configuredMatchLimit(jit: Bool) throws {
        // With no c or d in the text, every start and every split of the lazy dots is tried: far
        // more than 50 steps, far fewer than the default million. (A class, not a literal, at the
        // end, so PCRE2's "required character" shortcut does not reject the text up front.)
        let pattern = try Pattern("a.*?b.*?[cd]", options: PatternOptions(jit: jit))
        let subject = String(repeating: "ab", count: 20)
        let generous = MatchSession()
        #expect(try generous.allMatches(of: pattern, in: subject) == [])
        let tight = MatchSession(limits: MatchLimits(matchLimit: 50))
        #expect(tight.limits.matchLimit == 50)
        do throws(PCRE2Error) {
            _ = try tight.allMatches(of: pattern, in: subject)
            Issue.record("expected the match limit to be hit")
        } catch {
            #expect(error.code == .matchLimit)
            #expect(error.isLimit)
        }
    }

    @Test("a session is reusable after a limit error")
    func reusableAfterLimit() throws {
        let bad = try Pattern("(a+)+$")
        let good = try Pattern("bomb")
        let session = MatchSession()
        #expect(throws: PCRE2Error.self) { _ = try session.allMatches(of: bad, in: Self.catastrophicSubject) }
        #expect(try session.allMatches(of: good, in: "a bomb") == [ByteSpan(start: 2, end: 6)])
    }

    @Test("default limits are bounded")
    func defaults() {
        let limits = MatchLimits()
        #expect(limits.matchLimit == 1_000_000)
        #expect(limits.depthLimit == 10_000)
        #expect(limits.jitStackMax >= limits.jitStackStart)
    }

    @Test("error descriptions and isLimit by code")
    func errorCodes() {
        #expect(PCRE2Error(code: .stackLimit, message: "x").isLimit)
        #expect(!PCRE2Error(code: .outOfMemory, message: "x").isLimit)
        #expect(!PCRE2Error(code: .match(code: -2), message: "x").isLimit)
        #expect(PCRE2Error(code: .matchLimit, message: "match limit exceeded").description == "match limit exceeded")
    }
}
