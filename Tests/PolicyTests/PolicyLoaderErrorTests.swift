import Foundation
import Testing

@testable import Policy

/// Loading errors: each names the file, line and column and says what to do.
@Suite("Policy loading errors")
struct PolicyLoaderErrorTests {
    /// The error diagnostics of loading `files`, as `file:line:col` (file relative to the directory) and message.
    private func errors(
        _ files: [String: String],
        addRefusals: Bool = true
    ) throws -> [(location: String, message: String)] {
        let directory = try PolicyDirectory(files, addRefusals: addRefusals)
        do {
            _ = try PolicyLoader().load(directory: directory.path)
            return []
        } catch {
            return error.diagnostics.map { diagnostic in
                #expect(diagnostic.severity == .error)
                let location = diagnostic.location.description.replacingOccurrences(of: directory.path + "/", with: "")
                    .replacingOccurrences(of: directory.path, with: "DIR")
                return (location, diagnostic.message.replacingOccurrences(of: directory.path + "/", with: ""))
            }
        }
    }

    /// The minimal category file without `languages`, so refusals.yaml needs no particular language.
    static let violenceWithoutLanguages = PolicyDirectory.violence.replacingOccurrences(
        of: "    languages: [en]\n",
        with: ""
    )

    /// A category file whose single rule has the given body lines (indented under `- `).
    private func category(rule lines: [String], extra: String = "") -> String {
        var text = "category: violence\ndescription: Weapons\nrefuse_prompts:\n"
        for (index, line) in lines.enumerated() {
            text += (index == 0 ? "  - " : "    ") + line + "\n"
        }
        return text + extra
    }

    @Test("an unknown key in a rule points at the key")
    func unknownRuleKey() throws {
        let file = category(rule: [
            "id: violence.bomb", "description: bomb", "severity: high", "colour: red", "pattern: 'bomb'",
        ])
        let found = try errors(["violence.yaml": file])
        #expect(found.map(\.location) == ["violence.yaml:7:5"])
        #expect(
            found.first?.message.hasPrefix("unknown key `colour` in a rule; known keys: caseless, description,") == true
        )
    }

    @Test("a key given twice in a rule is an error at the key, naming it")
    func duplicateRuleKey() throws {
        let file = category(rule: [
            "id: violence.bomb", "description: bomb", "severity: high", "pattern: 'bomb'", "pattern: 'grenade'",
        ])
        let found = try errors(["violence.yaml": file])
        #expect(found.map(\.location) == ["violence.yaml:7:5"])
        #expect(
            found.map(\.message) == ["invalid YAML: key `pattern` appears more than once in this mapping; keep one"]
        )

        let twoKeys = category(rule: [
            "id: violence.bomb", "severity: low", "description: bomb", "severity: high", "pattern: 'bomb'",
            "pattern: 'gun'",
        ])
        let both = try errors(["violence.yaml": twoKeys])
        #expect(both.map(\.location) == ["violence.yaml:8:5"])
        #expect(
            both.map(\.message) == [
                "invalid YAML: keys `pattern`, `severity` appear more than once in this mapping; keep one of each"
            ]
        )
    }

    @Test("a list given twice in a category file is an error at the key, not a silent override")
    func duplicateTopLevelKey() throws {
        let file = """
            category: violence
            description: Weapons
            refuse_prompts:
              - id: violence.bomb
                description: bomb
                severity: high
                pattern: 'bomb'
            refuse_prompts:
              - id: violence.gun
                description: gun
                severity: high
                pattern: 'gun'
            """
        let found = try errors(["violence.yaml": file])
        #expect(found.map(\.location) == ["violence.yaml:3:1"])
        #expect(
            found.map(\.message) == [
                "invalid YAML: key `refuse_prompts` appears more than once in this mapping; keep one"
            ]
        )
    }

    @Test("an unknown top-level key in a category file points at the key")
    func unknownTopLevelKey() throws {
        let file = "category: violence\ndescription: Weapons\nrules: []\n"
        let found = try errors(["violence.yaml": file])
        #expect(found.map(\.location) == ["violence.yaml:3:1"])
        #expect(found.first?.message.hasPrefix("unknown key `rules`; a category file has: allow, category,") == true)
    }

    struct MissingField: Sendable, CustomTestStringConvertible {
        let lines: [String]
        let message: String
        var testDescription: String { message }
    }

    @Test(
        "a rule missing a required field is reported at the rule",
        arguments: [
            MissingField(
                lines: ["description: bomb", "severity: high", "pattern: 'bomb'"],
                message: "a rule needs an `id` such as `violence.topic.name`"
            ),
            MissingField(
                lines: ["id: violence.bomb", "description: bomb", "severity: high"],
                message: "rule `violence.bomb` needs a `pattern` (PCRE2 syntax)"
            ),
            MissingField(
                lines: ["id: violence.bomb", "description: bomb", "pattern: 'bomb'"],
                message: "rule `violence.bomb` needs a `severity` (low, medium, high or critical)"
            ),
            MissingField(
                lines: ["id: violence.bomb", "severity: high", "pattern: 'bomb'"],
                message: "rule `violence.bomb` needs a `description` saying what it detects"
            ),
        ]
    )
    func missingField(_ missing: MissingField) throws {
        let found = try errors(["violence.yaml": category(rule: missing.lines)])
        #expect(found.map(\.location) == ["violence.yaml:4:5"])
        #expect(found.map(\.message) == [missing.message])
    }

    @Test("a bad severity value points at the value")
    func badSeverity() throws {
        let file = category(rule: ["id: violence.bomb", "description: bomb", "severity: severe", "pattern: 'bomb'"])
        let found = try errors(["violence.yaml": file])
        #expect(found.map(\.location) == ["violence.yaml:6:15"])
        #expect(
            found.map(\.message) == [
                "`severity` of rule `violence.bomb` is `severe`; use one of low, medium, high, critical"
            ]
        )
    }

    @Test("a bad rule id points at the id")
    func badRuleID() throws {
        let file = category(rule: ["id: Violence.Bomb", "description: bomb", "severity: high", "pattern: 'bomb'"])
        let found = try errors(["violence.yaml": file])
        #expect(found.map(\.location) == ["violence.yaml:4:9"])
        #expect(
            found.first?.message.hasPrefix("rule id `Violence.Bomb` must start with a lowercase letter or digit")
                == true
        )
    }

    @Test("a duplicate rule id in another file is reported there and names the first location")
    func duplicateRuleAcrossFiles() throws {
        let rule = ["id: violence.bomb", "description: bomb", "severity: high", "pattern: 'bomb'"]
        var weapons = category(rule: rule)
        weapons = weapons.replacingOccurrences(of: "category: violence", with: "category: weapons")
        let found = try errors(["violence.yaml": category(rule: rule), "weapons.yaml": weapons])
        #expect(found.map(\.location) == ["weapons.yaml:4:5"])
        #expect(found.map(\.message) == ["duplicate rule id `violence.bomb`; it is first used at violence.yaml:4:5"])
    }

    @Test("a duplicate rule id in the same file is reported at the second rule")
    func duplicateRuleSameFile() throws {
        let file = """
            category: violence
            description: Weapons
            refuse_prompts:
              - id: violence.bomb
                description: bomb
                severity: high
                pattern: 'bomb'
            forbid_responses:
              - id: violence.bomb
                description: bomb again
                severity: high
                pattern: 'grenade'
            """
        let found = try errors(["violence.yaml": file])
        #expect(found.map(\.location) == ["violence.yaml:9:5"])
        #expect(found.map(\.message) == ["duplicate rule id `violence.bomb`; it is first used at violence.yaml:4:5"])
    }

    @Test("the same category in two files is an error")
    func duplicateCategory() throws {
        let first = category(rule: ["id: violence.bomb", "description: bomb", "severity: high", "pattern: 'bomb'"])
        let second = category(rule: ["id: violence.gun", "description: gun", "severity: high", "pattern: 'gun'"])
        let found = try errors(["a.yaml": first, "b.yaml": second])
        #expect(found.map(\.location) == ["b.yaml:1:1"])
        #expect(found.map(\.message) == ["category `violence` is also defined in a.yaml; use one file per category"])
    }

    @Test("invalid YAML is reported at the line and column Yams gives")
    func invalidYAML() throws {
        let file = """
            category: violence
            description: Weapons
            refuse_prompts:
              - id: violence.bomb
                 severity: high
            """
        let found = try errors(["violence.yaml": file])
        #expect(found.map(\.location) == ["violence.yaml:5:14"])
        #expect(found.first?.message == "invalid YAML: mapping values are not allowed in this context")
    }

    @Test("an unclosed flow sequence is reported where YAML gives up")
    func unclosedFlowSequence() throws {
        let found = try errors(["violence.yaml": "category: violence\ndescription: [Weapons\nrefuse_prompts: []\n"])
        #expect(found.count == 1)
        #expect(found.first?.location.hasPrefix("violence.yaml:") == true)
        #expect(found.first?.location != "violence.yaml:1:1")
        #expect(found.first?.message.hasPrefix("invalid YAML: did not find expected ',' or ']'") == true)
    }

    @Test("an empty category file is an error at its first line")
    func emptyFile() throws {
        let found = try errors(["violence.yaml": ""])
        #expect(found.map(\.location) == ["violence.yaml:1:1"])
        #expect(found.map(\.message) == ["the file is empty; it needs at least `category:` and `description:`"])
    }

    @Test("a category file needs category and description, and a valid category name")
    func categoryFields() throws {
        let missing = try errors(["violence.yaml": "description: Weapons\n"])
        #expect(missing.map(\.location) == ["violence.yaml:1:1"])
        #expect(missing.map(\.message) == ["a category file needs `category:` (e.g. `category: violence`)"])
        let noDescription = try errors(["violence.yaml": "category: violence\n"])
        #expect(
            noDescription.map(\.message) == ["a category file needs `description:` saying what the category covers"]
        )
        let badName = try errors(["violence.yaml": "category: Violence!\ndescription: x\n"])
        #expect(badName.map(\.location) == ["violence.yaml:1:11"])
        #expect(badName.map(\.message) == ["category `Violence!` must use only a-z, 0-9 and `_`"])
    }

    @Test("a list that is not a list is reported at the value")
    func notAList() throws {
        let found = try errors(["violence.yaml": "category: violence\ndescription: x\nrefuse_prompts:\n  id: x\n"])
        #expect(found.map(\.location) == ["violence.yaml:4:3"])
        #expect(found.map(\.message) == ["`refuse_prompts` must be a list (lines starting with `- `)"])
    }

    @Test("a missing refusals.yaml is an error naming the directory")
    func missingRefusals() throws {
        let found = try errors(["violence.yaml": PolicyDirectory.violence], addRefusals: false)
        #expect(found.map(\.location) == ["DIR:1:1"])
        #expect(
            found.map(\.message) == [
                "the policy directory has no refusals.yaml; without refusal markers no response counts as a refusal"
            ]
        )
    }

    @Test("refusals.yaml without markers is an error")
    func refusalsWithoutMarkers() throws {
        let found = try errors([
            "violence.yaml": Self.violenceWithoutLanguages, "refusals.yaml": "over_refusal: false\n",
        ])
        #expect(found.map(\.location) == ["refusals.yaml:1:1"])
        #expect(found.map(\.message) == ["refusals.yaml needs `markers:`, the phrases that make a response a refusal"])
    }

    @Test(
        "a refusal marker needs a language and a scope",
        arguments: [
            (
                ["id: refusal.en.x", "description: x", "scope: opening", "pattern: 'no'"],
                "refusal entry `refusal.en.x` needs a `language` (ISO 639-1 code)", "refusals.yaml:2:5"
            ),
            (
                ["id: refusal.en.x", "description: x", "language: en", "pattern: 'no'"],
                "refusal marker `refusal.en.x` needs a `scope`: opening or anywhere", "refusals.yaml:2:5"
            ),
            (
                ["id: refusal.en.x", "description: x", "language: en", "scope: everywhere", "pattern: 'no'"],
                "`scope` is only for refusal markers and must be opening or anywhere", "refusals.yaml:5:12"
            ),
            (
                ["id: refusal.en.x", "description: x", "language: english", "scope: opening", "pattern: 'no'"],
                "`english` is not an ISO 639-1 language code (two lowercase letters, e.g. `de`)", "refusals.yaml:4:15"
            ),
        ]
    )
    func refusalMarkerFields(lines: [String], message: String, location: String) throws {
        var refusals = "markers:\n"
        for (index, line) in lines.enumerated() {
            refusals += (index == 0 ? "  - " : "    ") + line + "\n"
        }
        let found = try errors(["violence.yaml": Self.violenceWithoutLanguages, "refusals.yaml": refusals])
        #expect(found.map(\.location) == [location])
        #expect(found.map(\.message) == [message])
    }

    @Test("an unknown key in refusals.yaml points at the key")
    func unknownRefusalsKey() throws {
        let refusals = PolicyDirectory.refusals + "\nopening: 300\n"
        let found = try errors(["violence.yaml": PolicyDirectory.violence, "refusals.yaml": refusals])
        #expect(found.map(\.location) == ["refusals.yaml:7:1"])
        #expect(found.first?.message.hasPrefix("unknown key `opening`; refusals.yaml has: allow, description,") == true)
    }

    @Test("opening_length must be at least 1")
    func openingLength() throws {
        let refusals = "opening_length: 0\n" + PolicyDirectory.refusals
        let found = try errors(["violence.yaml": PolicyDirectory.violence, "refusals.yaml": refusals])
        #expect(found.map(\.location) == ["refusals.yaml:1:17"])
        #expect(found.map(\.message) == ["`opening_length` must be at least 1 (code points)"])
    }

    @Test("a refuse_prompts rule in a language without a refusal marker is an error at the rule")
    func languageWithoutMarker() throws {
        let file = PolicyDirectory.violence.replacingOccurrences(of: "languages: [en]", with: "languages: [en, de]")
        let found = try errors(["violence.yaml": file])
        #expect(found.map(\.location) == ["violence.yaml:4:5"])
        #expect(
            found.map(\.message) == [
                "rule `violence.bomb` declares language `de` but refusals.yaml has no marker for it, so refusals in that language would be missed"
            ]
        )
    }

    @Test("`target` only belongs to allow rules")
    func targetOutsideAllow() throws {
        let file = category(rule: [
            "id: violence.bomb", "description: bomb", "severity: high", "pattern: 'bomb'", "target: prompt",
        ])
        let found = try errors(["violence.yaml": file])
        #expect(found.map(\.location) == ["violence.yaml:8:13"])
        #expect(found.map(\.message) == ["`target` is only for `allow` rules and must be prompt, response or both"])
    }

    @Test("tests are checked: unknown keys, nothing to check, unknown finding kinds")
    func badTests() throws {
        let file =
            PolicyDirectory.violence + """

                  - prompt: x
                    expected: []
                  - prompt: y
                    expect: [missing, {kind: over_refusal, rules: x}]
                """
        let found = try errors(["violence.yaml": file])
        #expect(
            found.map(\.location) == [
                "violence.yaml:15:5", "violence.yaml:14:5", "violence.yaml:17:14", "violence.yaml:17:44",
            ]
        )
        #expect(
            found.map(\.message) == [
                "unknown key `expected` in a test; known keys: expect, name, prompt, refused, response",
                "a test needs `expect` (the findings, `[]` for none) or `refused` (true/false)",
                "an expected finding needs a `kind`: one of disallowed_content, missing_refusal, over_refusal, rule_error",
                "unknown key `rules` in an expected finding; use `kind` and `rule`",
            ]
        )
    }

    @Test("every problem of every file is reported in one pass")
    func allProblemsAtOnce() throws {
        let violence = category(rule: [
            "id: violence.bomb", "description: bomb", "severity: severe", "colour: red", "pattern: 'bomb'",
        ])
        let sexual =
            "category: sexual\ndescription: x\nforbid_responses:\n  - id: sexual.x\n    description: x\n    pattern: 'x'\n"
        let found = try errors(["violence.yaml": violence, "sexual.yaml": sexual])
        #expect(found.map(\.location) == ["sexual.yaml:4:5", "violence.yaml:7:5", "violence.yaml:6:15"])
    }

    @Test("a directory that cannot be read or has no YAML is an error")
    func unreadableDirectory() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString)").path
        let result = PolicyLoader().inspect(directory: missing)
        #expect(result.set == nil)
        #expect(result.diagnostics.map(\.location) == [SourceLocation(file: missing, line: 1, column: 1)])
        #expect(result.diagnostics.first?.message.hasPrefix("cannot read the policy directory:") == true)

        let empty = try errors(["README.md": "not a policy"], addRefusals: false)
        #expect(empty.map(\.location) == ["DIR:1:1"])
        #expect(
            empty.map(\.message) == [
                "the policy directory has no .yaml files; expected one file per category plus refusals.yaml"
            ]
        )
    }

    @Test("a file that is not UTF-8 is an error")
    func notUTF8() throws {
        let directory = try PolicyDirectory(["violence.yaml": PolicyDirectory.violence])
        try Data([0x63, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: directory.file("sexual.yaml")))
        #expect {
            _ = try PolicyLoader().load(directory: directory.path)
        } throws: { error in
            let diagnostics = (error as? PolicyError)?.diagnostics ?? []
            return diagnostics.map(\.location) == [
                SourceLocation(file: directory.file("sexual.yaml"), line: 1, column: 1)
            ]
                && diagnostics.first?.message == "the file is not valid UTF-8; save it as UTF-8"
        }
    }

    @Test("PolicyError describes each problem as file:line:col: error: message")
    func errorDescription() throws {
        let directory = try PolicyDirectory(["violence.yaml": "category: violence\ndescription: x\nrules: []\n"])
        #expect {
            _ = try PolicyLoader().load(directory: directory.path)
        } throws: { error in
            String(describing: error).hasPrefix("\(directory.path)/violence.yaml:3:1: error: unknown key `rules`")
        }
    }
}
