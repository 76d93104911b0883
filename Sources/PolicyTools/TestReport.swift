import Policy
import Screening

/// Formats policy test outcomes for a terminal: each failure with expected and actual
/// findings and their spans, then the closing `N passed, N failed` line.
public enum TestReport {
    /// The report text.
    public static func render(_ outcomes: [PolicyTestRunner.Outcome]) -> String {
        var lines: [String] = []
        for outcome in outcomes where !outcome.passed {
            let test = outcome.test
            lines.append("\(test.location): FAIL \(test.name)")
            if let prompt = test.prompt { lines.append("  prompt:   \(prompt.debugDescription)") }
            lines.append("  response: \(test.response.debugDescription)")
            lines.append(
                "  expected: \(test.expect.map { $0.isEmpty ? "no findings" : $0.map(\.description).joined(separator: ", ") } ?? "(findings not checked)")"
            )
            let actual = outcome.actual.map(describe).joined(separator: ", ")
            lines.append("  actual:   \(actual.isEmpty ? "no findings" : actual)")
            for expectation in outcome.missing { lines.append("  missing:    \(expectation)") }
            for finding in outcome.unexpected { lines.append("  unexpected: \(describe(finding))") }
            if let mismatch = outcome.refusedMismatch {
                lines.append("  refused:  expected \(mismatch.expected), got \(mismatch.actual)")
            }
        }
        let passed = outcomes.filter(\.passed).count
        lines.append("\(passed) passed, \(outcomes.count - passed) failed")
        return lines.joined(separator: "\n")
    }

    static func describe(_ finding: Finding) -> String {
        let spans = finding.spans.map { "[\($0.start),\($0.end)]" }.joined()
        return
            "\(finding.kind.rawValue)(\(finding.rule)) \(finding.target.rawValue)\(spans) \(finding.excerpt.debugDescription)"
    }
}
