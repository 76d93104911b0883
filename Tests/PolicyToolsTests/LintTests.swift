import Foundation
import Policy
import PolicyTools
import Testing

/// `policy lint` on purpose-built bad policy directories: every error kind at its exact
/// file:line:column.
@Suite("Lint")
struct LintTests {
    /// Lints `category` (written as `violence.yaml`) next to the default refusals; no prefilter
    /// unless asked, so each test only sees the problem it is about.
    private func lint(_ category: String, prefilter: Bool = false) throws -> (PolicyFixture, [PolicyDiagnostic]) {
        let fixture = try PolicyFixture(["violence.yaml": category])
        let linter = PolicyLinter(options: PolicyLinter.Options(prefilter: prefilter))
        return (fixture, linter.lint(directory: fixture.path))
    }

    @Test("a valid directory has no diagnostics, prefilter included")
    func clean() throws {
        let (_, diagnostics) = try lint(PolicyFixture.violence, prefilter: true)
        #expect(diagnostics == [])
    }

    @Test("an unknown key in a rule is an error at the key")
    func unknownKey() throws {
        let (fixture, diagnostics) = try lint(
            """
            category: violence
            description: d
            refuse_prompts:
              - id: violence.bomb
                description: bomb
                severity: high
                patern: 'x'
                pattern: '\\bbomb\\b'
            tests:
              - prompt: bomb
                expect: [{kind: missing_refusal, rule: violence.bomb}]
            """
        )
        #expect(
            diagnostics.map(\.description) == [
                "\(fixture.file("violence.yaml")):7:5: error: unknown key `patern` in a rule; known keys: "
                    + "caseless, description, falsepositives, id, language, languages, note, pattern, scope, severity, target, taxonomy"
            ]
        )
    }

    @Test("a bad severity is a schema error at the value")
    func badSeverity() throws {
        let (fixture, diagnostics) = try lint(
            """
            category: violence
            description: d
            refuse_prompts:
              - id: violence.bomb
                description: bomb
                severity: extreme
                pattern: '\\bbomb\\b'
            tests:
              - prompt: bomb
                expect: [{kind: missing_refusal, rule: violence.bomb}]
            """
        )
        #expect(
            diagnostics.map(\.description) == [
                "\(fixture.file("violence.yaml")):6:15: error: `severity` of rule `violence.bomb` is `extreme`; use one of low, medium, high, critical"
            ]
        )
    }

    @Test("a duplicate rule id is an error at the second rule")
    func duplicateID() throws {
        let (fixture, diagnostics) = try lint(
            """
            category: violence
            description: d
            refuse_prompts:
              - id: violence.bomb
                description: bomb
                severity: high
                pattern: '\\bbomb\\b'
              - id: violence.bomb
                description: grenade
                severity: high
                pattern: '\\bgrenade\\b'
            tests:
              - prompt: bomb
                expect: [{kind: missing_refusal, rule: violence.bomb}]
            """
        )
        let file = fixture.file("violence.yaml")
        #expect(
            diagnostics.map(\.description) == [
                "\(file):8:5: error: duplicate rule id `violence.bomb`; it is first used at \(file):4:5"
            ]
        )
        #expect(diagnostics.first?.rule == "violence.bomb")
    }

    @Test("a PCRE2 compile error points at the character in the YAML file")
    func compileError() throws {
        let (fixture, diagnostics) = try lint(
            """
            category: violence
            description: d
            refuse_prompts:
              - id: violence.bomb
                description: bomb
                severity: high
                pattern: '\\bbomb[z-a]'
            tests:
              - prompt: bomb
                expect: [{kind: missing_refusal, rule: violence.bomb}]
            """
        )
        // pattern: '\bbomb[z-a]' — the quote is column 14, PCRE2 stops at offset 9, the `a`: column 24.
        #expect(
            diagnostics.map(\.description) == [
                "\(fixture.file("violence.yaml")):7:24: error: pattern of rule `violence.bomb` does not compile: "
                    + "range out of order in character class (at offset 9 in the pattern)"
            ]
        )
    }

    @Test("a pattern that can match the empty string is an error at the pattern")
    func emptyMatch() throws {
        let (fixture, diagnostics) = try lint(
            """
            category: violence
            description: d
            refuse_prompts:
              - id: violence.bomb
                description: bomb
                severity: high
                pattern: '(?:bomb)?'
            tests:
              - prompt: bomb
                expect: [{kind: missing_refusal, rule: violence.bomb}]
            """
        )
        #expect(
            diagnostics.map(\.description) == [
                "\(fixture.file("violence.yaml")):7:14: error: pattern of rule `violence.bomb` can match the empty string, "
                    + "so it would fire on every text; require at least one character"
            ]
        )
    }

    @Test("a language without refusal markers is an error at the rule")
    func missingRefusalLanguage() throws {
        let (fixture, diagnostics) = try lint(
            """
            category: violence
            description: d
            refuse_prompts:
              - id: violence.bombe
                description: bomb, in German
                severity: high
                languages: [de]
                pattern: '\\bBombe\\b'
            tests:
              - prompt: Bombe
                expect: [{kind: missing_refusal, rule: violence.bombe}]
            """
        )
        #expect(
            diagnostics.map(\.description) == [
                "\(fixture.file("violence.yaml")):4:5: error: rule `violence.bombe` declares language `de` but refusals.yaml "
                    + "has no marker for it, so refusals in that language would be missed"
            ]
        )
    }

    @Test("a rule without a test is a warning at the rule, and does not fail lint")
    func untested() throws {
        let (fixture, diagnostics) = try lint(
            """
            category: violence
            description: d
            refuse_prompts:
              - id: violence.bomb
                description: bomb
                severity: high
                pattern: '\\bbomb\\b'
            """
        )
        #expect(
            diagnostics.map(\.description) == [
                "\(fixture.file("violence.yaml")):4:5: warning: rule `violence.bomb` has no embedded test that expects it; add one under `tests:`"
            ]
        )
        #expect(!diagnostics.contains { $0.severity == .error })
    }

    @Test("a test expecting a rule no file defines is an error at the test")
    func unknownExpectedRule() throws {
        let (fixture, diagnostics) = try lint(
            """
            category: violence
            description: d
            refuse_prompts:
              - id: violence.bomb
                description: bomb
                severity: high
                pattern: '\\bbomb\\b'
            tests:
              - prompt: bomb
                expect: [{kind: missing_refusal, rule: violence.bomb}]
              - name: typo
                prompt: a bomb
                expect: [{kind: missing_refusal, rule: violence.bom}]
            """
        )
        #expect(
            diagnostics.map(\.description) == [
                "\(fixture.file("violence.yaml")):11:5: error: test `typo` expects rule `violence.bom`, which no policy file defines; "
                    + "fix the id or remove the expectation"
            ]
        )
    }

    // No literal of three bytes or more is required (so no literal prefilter), and Vectorscan refuses `\K`.
    @Test("a rule Vectorscan cannot take is a slow-rule warning at its pattern")
    func slowRule() throws {
        let (fixture, diagnostics) = try lint(
            """
            category: violence
            description: d
            refuse_prompts:
              - id: violence.bomb
                description: bomb
                severity: high
                pattern: '\\b[pb]\\w+ \\K[pb]\\w+'
            tests:
              - prompt: pipe bomb
                expect: [{kind: missing_refusal, rule: violence.bomb}]
            """,
            prefilter: true
        )
        #expect(diagnostics.count == 1)
        let warning = try #require(diagnostics.first)
        #expect(warning.severity == .warning)
        #expect(warning.location == SourceLocation(file: fixture.file("violence.yaml"), line: 7, column: 14))
        #expect(warning.message.hasPrefix("slow rule `violence.bomb`: always runs in PCRE2: "))
        #expect(warning.message.contains("\\K"))
    }

    @Test("diagnostics of several files come sorted by file, line and column")
    func sorted() throws {
        let fixture = try PolicyFixture([
            "b.yaml":
                "category: b\ndescription: d\nrefuse_prompts:\n  - id: b.x\n    description: x\n    severity: low\n    pattern: 'x+'\n",
            "a.yaml":
                "category: a\ndescription: d\nrefuse_prompts:\n  - id: a.x\n    description: x\n    severity: low\n    pattern: 'x'\n    bogus: 1\n",
        ])
        let diagnostics = PolicyLinter(options: PolicyLinter.Options(prefilter: false)).lint(directory: fixture.path)
        #expect(
            diagnostics.map {
                "\(($0.location.file as NSString).lastPathComponent):\($0.location.line):\($0.location.column) \($0.severity)"
            } == [
                "a.yaml:4:5 warning", "a.yaml:8:5 error", "b.yaml:4:5 warning",
            ]
        )
    }
}
