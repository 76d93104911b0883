import Foundation
import Testing

@testable import Policy

/// Inputs the libFuzzer harnesses (Fuzz/) found, kept so the fixes stay fixed.
@Suite("Fuzz regressions: policy loading")
struct PolicyFuzzRegressionTests {
    /// FuzzPolicyLoader, first minute: a YAML error at the end of a file without a final newline was
    /// reported on line 8 of a 7-line file (libyaml puts the end of the stream on a line of its own).
    @Test("a YAML error at the end of a file without a final newline points at the end of its last line")
    func errorAtEndOfFile() throws {
        let text =
            "category: vin]\nallow:\n  - id: violence.allow\n    n: 'gam (e''s bomb'\ntests:\n  - prompt: bomb\n    expect: [missing_sef viole"
        let directory = try PolicyDirectory(["violence.yaml": text])
        let error = try #require(throws: PolicyError.self) { try PolicyLoader().load(directory: directory.path) }
        let messages = error.diagnostics.map {
            "\($0.location.description.replacingOccurrences(of: directory.path + "/", with: "")) \($0.message)"
        }
        #expect(
            messages == [
                "violence.yaml:7:31 invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"
            ]
        )
    }

    @Test(
        "with a final line break the same error is on the empty last line, whichever break it is",
        arguments: ["\n", "\r\n", "\r", "\u{2028}"]
    )
    func errorAfterFinalLineBreak(lineBreak: String) throws {
        let text = "category: violence\ndescription: d\ntests: [x" + lineBreak
        let directory = try PolicyDirectory(["violence.yaml": text])
        let error = try #require(throws: PolicyError.self) { try PolicyLoader().load(directory: directory.path) }
        #expect(error.diagnostics.map { "\($0.location.line):\($0.location.column)" } == ["4:1"])
    }

    /// FuzzPolicyLoader, fifth minute: a lone carriage return inside a quoted pattern is a line break to
    /// YAML (and to editors) but the loader split lines on LF only, so a compile error after it was
    /// reported at column 1116 of a 192-character line. Columns now stay on the pattern's first line.
    @Test(
        "a pattern error after a line break inside the quotes stays on the line the pattern starts on",
        arguments: ["\r", "\u{2028}", "\n"]
    )
    func patternErrorAfterLineBreak(lineBreak: String) throws {
        let text = PolicyDirectory.violence.replacingOccurrences(
            of: "    pattern: '\\bbomb\\b'",
            with: "    pattern: '\\bbomb" + lineBreak + "      (\\b'"
        )
        #expect(text != PolicyDirectory.violence)
        let directory = try PolicyDirectory(["violence.yaml": text])
        let error = try #require(throws: PolicyError.self) { try CompiledPolicySet.load(directory: directory.path) }
        let locations = error.diagnostics.map {
            $0.location.description.replacingOccurrences(of: directory.path + "/", with: "")
        }
        // Line 7 is `    pattern: '\bbomb`, 20 characters; the error is one past its end.
        #expect(locations == ["violence.yaml:7:21"])
        #expect(error.diagnostics.first?.message.contains("missing closing parenthesis") == true)
    }
}
