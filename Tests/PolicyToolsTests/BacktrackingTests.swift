import PCRE2
import Policy
import PolicyTools
import Testing

/// The catastrophic-backtracking probe: exponential patterns are caught with the input that
/// shows it; ordinary policy patterns are not.
@Suite("Backtracking")
struct BacktrackingTests {
    static let catastrophic = [
        #"(a+)+b"#,
        #"(?:\N{U+71}+)+\N{U+7A}"#,
        #"(?-i:(?:\p{Lu}+)+z)"#,  // a run of capitals: the probe asks PCRE2 for a member of the property
        #"(?:[\p{Greek}]+)+z"#,
        #"(\w+\s?)+$"#,
        #"(?:a|aa)+c"#,
        #"^(\w+\s*)*!$"#,
        #"\bhow\b(?:\s*\w+)*\s+bomb\b"#,
        #"(?:\bhow\b.{0,40})+bomb"#,
        #"(.*?,){11}P"#,
        #"\bkill\b.*\bpeople\b.*\bnow\b"#,  // polynomial, not exponential: still over the limit on 2 KB
        #"^([a-z0-9])(([\-.]|[_]+)?([a-z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$"#,
    ]

    @Test(
        "a catastrophic pattern hits the lowered match limit on an input built from its text",
        arguments: catastrophic
    )
    func caught(_ source: String) throws {
        let pattern = try Pattern(source)
        let failure = try #require(BacktrackingProbe().check(pattern), "\(source) was not caught")
        #expect(failure.error.isLimit)
        // The reported input really does it, and it was shrunk to a readable size.
        let session = MatchSession(limits: MatchLimits(matchLimit: 100_000))
        #expect(throws: PCRE2Error.self) { _ = try session.allMatches(of: pattern, in: failure.input.text) }
        #expect(failure.input.count <= 4096)
    }

    static let linear = [
        #"\b(?:how|ways?)\b.{0,40}\b(?:make|build)\b.{0,30}\b(?:bomb|explosives?)\b"#,
        #"^\W{0,3}(?:I[''’]m sorry,? but )?I (?:can[''’]t|cannot) (?:help|assist) with"#,
        #"\bkill(?:ing)?\s+(?:a|the|this)?\s*(?:python\s+)?(?:process|thread|job|task)\b"#,
        #"(?:\w+\s+){0,6}\bbomb\b"#,
        #"\b(?:step|steps)\b[^.!?]{0,80}?\b(?:detonat\w*|fuse)\b"#,
        #"\bI (?:must|have to) (?:respectfully )?decline\b"#,
    ]

    @Test("ordinary bounded patterns pass the probe", arguments: linear)
    func notFlagged(_ source: String) throws {
        #expect(BacktrackingProbe().check(try Pattern(source)) == nil)
    }

    @Test("lint reports `(a+)+b` as an error at the pattern, naming the input")
    func lintError() throws {
        let fixture = try PolicyFixture([
            "violence.yaml": """
            category: violence
            description: d
            refuse_prompts:
              - id: violence.nested
                description: nested quantifiers
                severity: high
                pattern: '(a+)+b'
            tests:
              - prompt: aab
                expect: [{kind: missing_refusal, rule: violence.nested}]
            """
        ])
        let diagnostics = PolicyLinter(options: PolicyLinter.Options(prefilter: false)).lint(directory: fixture.path)
        #expect(diagnostics.count == 1)
        let error = try #require(diagnostics.first)
        #expect(error.severity == .error)
        #expect(error.rule == "violence.nested")
        #expect(error.location == SourceLocation(file: fixture.file("violence.yaml"), line: 7, column: 14))
        #expect(
            error.message.hasPrefix("pattern of rule `violence.nested` backtracks catastrophically: the input \"a\" × ")
        )
        #expect(error.message.contains("exceeds the match limit of 100000"))
    }

    @Test("the probe is off with backtracking: false")
    func optOut() throws {
        let fixture = try PolicyFixture([
            "violence.yaml": """
            category: violence
            description: d
            refuse_prompts:
              - id: violence.nested
                description: nested quantifiers
                severity: high
                pattern: '(a+)+b'
            tests:
              - prompt: aab
                expect: [{kind: missing_refusal, rule: violence.nested}]
            """
        ])
        let options = PolicyLinter.Options(backtracking: false, prefilter: false)
        #expect(PolicyLinter(options: options).lint(directory: fixture.path) == [])
    }

    @Test("an adversarial input describes itself exactly")
    func inputDescription() {
        let input = AdversarialInput(prefix: "how ", unit: "a ", count: 3, suffix: "!\n")
        #expect(input.text == "how a a a !\n")
        #expect(input.description == #""how " + "a " × 3 + "!\n" (12 characters)"#)
    }

    @Test("inputs are built from the pattern's literal words, ended by a non-matching character")
    func inputsUsePatternText() {
        let inputs = AdversarialInput.inputs(for: #"\b(?:how|ways?)\b.{0,40}\bbomb\b"#, length: 64)
        #expect(inputs.contains { $0.unit == "how " && $0.suffix.hasPrefix("! how ways bomb ") })
        #expect(inputs.contains { $0.unit == "how " && $0.suffix == "! how ways b" })
        #expect(inputs.contains { $0.unit == "a" && $0.count == 64 && $0.suffix == "!" })
        #expect(inputs.contains { $0.prefix == "how " })
    }
}
