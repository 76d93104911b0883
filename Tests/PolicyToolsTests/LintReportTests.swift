import Foundation
import Policy
import PolicyTools
import Testing

/// The two lint output formats: compiler-style text with a count line, and a JSON array.
@Suite("Lint report")
struct LintReportTests {
    static let diagnostics = [
        PolicyDiagnostic(
            .error,
            at: SourceLocation(file: "P/violence.yaml", line: 7, column: 14),
            "pattern of rule `v.a` says \"hi\"",
            rule: "v.a"
        ),
        PolicyDiagnostic(.warning, at: SourceLocation(file: "P", line: 1, column: 1), "no tests anywhere"),
    ]

    @Test("text: one compiler-style line per diagnostic, then the counts")
    func text() {
        #expect(
            LintReport.render(Self.diagnostics, format: .text) == """
                P/violence.yaml:7:14: error: pattern of rule `v.a` says "hi"
                P:1:1: warning: no tests anywhere
                1 error(s), 1 warning(s)
                """
        )
        #expect(LintReport.render([], format: .text) == "0 error(s), 0 warning(s)")
    }

    @Test("json: an array of {file, line, column, severity, message, rule}, rule null when none")
    func json() throws {
        let text = LintReport.render(Self.diagnostics, format: .json)
        #expect(text.hasPrefix("[\n  {\"file\":\"P/violence.yaml\",\"line\":7,\"column\":14,\"severity\":\"error\","))
        let array = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(array.count == 2)
        #expect(array[0]["message"] as? String == "pattern of rule `v.a` says \"hi\"")
        #expect(array[0]["rule"] as? String == "v.a")
        #expect(array[1]["rule"] is NSNull)
        #expect(array[1]["severity"] as? String == "warning")
        #expect(LintReport.render([], format: .json) == "[]")
    }
}
