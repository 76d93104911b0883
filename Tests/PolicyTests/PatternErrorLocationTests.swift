import Foundation
import Testing

@testable import Policy

/// A pattern that does not compile is reported at the offending character of the YAML line,
/// whatever the quoting style.
@Suite("Pattern errors at their YAML location")
struct PatternErrorLocationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        /// The `pattern:` line's value as written in YAML.
        let scalar: String
        /// The 1-based column of the offending character on line 7.
        let column: Int
        /// PCRE2's byte offset inside the decoded pattern.
        let offset: Int
        var testDescription: String { scalar }
    }

    /// Compiles a one-rule policy whose `pattern:` is on line 7 and returns the errors.
    private func compileErrors(pattern scalar: String) throws -> [PolicyDiagnostic] {
        let file = """
            category: violence
            description: Weapons
            refuse_prompts:
              - id: violence.bad
                description: bad pattern
                severity: high
                pattern: \(scalar)
            """
        let directory = try PolicyDirectory(["violence.yaml": file])
        let set = try PolicyLoader().load(directory: directory.path)
        do {
            _ = try CompiledPolicySet(set)
            return []
        } catch {
            return error.diagnostics.map { diagnostic in
                var relative = diagnostic
                relative.location.file = diagnostic.location.file.replacingOccurrences(
                    of: directory.path + "/",
                    with: ""
                )
                return relative
            }
        }
    }

    @Test(
        "the column points at the character PCRE2 complains about",
        arguments: [
            // `    pattern: ` is 13 characters, so the scalar starts at column 14.
            Case(scalar: "x[z-a]y", column: 18, offset: 4),
            Case(scalar: "'x[z-a]y'", column: 19, offset: 4),
            // `''` is one quote in the pattern but two characters in the file.
            Case(scalar: "'it''s x[z-a]'", column: 25, offset: 9),
            Case(scalar: "'a''''b[z-a]'", column: 24, offset: 7),
            // `\\` is one backslash in the pattern but two characters in the file.
            Case(scalar: "\"\\\\bx[z-a]\"", column: 22, offset: 6),
            // Offsets are bytes, columns are characters: "ärger " is 7 bytes but 6 characters.
            Case(scalar: "'ärger x[z-a]'", column: 25, offset: 11),
            Case(scalar: "ärger x[z-a]", column: 24, offset: 11),
            // `\u00e4` is six characters in the file for one (two-byte) character in the pattern.
            Case(scalar: "\"\\u00e4rger x[z-a]\"", column: 30, offset: 11),
            Case(scalar: "\"\\x41[z-a]\"", column: 22, offset: 4),
            Case(scalar: "'abc('", column: 19, offset: 4),
        ]
    )
    func columnOfCompileError(_ testCase: Case) throws {
        let errors = try compileErrors(pattern: testCase.scalar)
        #expect(errors.map(\.location) == [SourceLocation(file: "violence.yaml", line: 7, column: testCase.column)])
        #expect(errors.first?.rule == "violence.bad")
        #expect(errors.first?.message.hasPrefix("pattern of rule `violence.bad` does not compile: ") == true)
        #expect(errors.first?.message.hasSuffix("(at offset \(testCase.offset) in the pattern)") == true)
    }

    @Test("the message is PCRE2's")
    func message() throws {
        let errors = try compileErrors(pattern: "'x[z-a]y'")
        #expect(
            errors.map(\.message) == [
                "pattern of rule `violence.bad` does not compile: range out of order in character class (at offset 4 in the pattern)"
            ]
        )
        let unclosed = try compileErrors(pattern: "'abc('")
        #expect(
            unclosed.map(\.message) == [
                "pattern of rule `violence.bad` does not compile: missing closing parenthesis (at offset 4 in the pattern)"
            ]
        )
    }

    @Test("a block scalar's error is reported at the scalar's start")
    func blockScalar() throws {
        let errors = try compileErrors(pattern: ">-\n      x[z-a]y")
        #expect(errors.map(\.location) == [SourceLocation(file: "violence.yaml", line: 7, column: 14)])
    }

    @Test(
        "a pattern that can match the empty string is rejected at the pattern",
        arguments: ["'a*'", "'(?:bomb)?'", "'\\b'", "\"x*|y?\""]
    )
    func emptyMatching(scalar: String) throws {
        let errors = try compileErrors(pattern: scalar)
        #expect(errors.map(\.location) == [SourceLocation(file: "violence.yaml", line: 7, column: 14)])
        #expect(
            errors.map(\.message) == [
                "pattern of rule `violence.bad` can match the empty string, so it would fire on every text; require at least one character"
            ]
        )
    }

    @Test("every bad pattern of the set is reported, not just the first")
    func allBadPatterns() throws {
        let file = """
            category: violence
            description: Weapons
            refuse_prompts:
              - id: violence.one
                description: bad
                severity: high
                pattern: 'abc('
              - id: violence.two
                description: fine
                severity: high
                pattern: 'bomb'
            forbid_responses:
              - id: violence.three
                description: bad
                severity: high
                pattern: 'a*'
            """
        let directory = try PolicyDirectory(["violence.yaml": file])
        let set = try PolicyLoader().load(directory: directory.path)
        #expect {
            _ = try CompiledPolicySet(set)
        } throws: { error in
            let diagnostics = (error as? PolicyError)?.diagnostics ?? []
            return diagnostics.map(\.rule) == ["violence.one", "violence.three"]
                && diagnostics.map(\.location.line) == [7, 16]
        }
    }
}
