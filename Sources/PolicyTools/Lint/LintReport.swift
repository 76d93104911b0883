import Policy
import Screening

/// Formats lint diagnostics: compiler style text for terminals and editors, or JSON for tools.
public enum LintReport {
    /// The output formats.
    public enum Format: String, Sendable, CaseIterable {
        /// `file:line:col: error: message` lines, then a count line.
        case text
        /// An array of `{file, line, column, severity, message, rule}` objects.
        case json
    }

    /// The report in `format`.
    public static func render(_ diagnostics: [PolicyDiagnostic], format: Format) -> String {
        switch format {
        case .text: text(diagnostics)
        case .json: json(diagnostics)
        }
    }

    /// One diagnostic per line, then `N error(s), N warning(s)`.
    public static func text(_ diagnostics: [PolicyDiagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let lines = diagnostics.map(\.description) + ["\(errors) error(s), \(diagnostics.count - errors) warning(s)"]
        return lines.joined(separator: "\n")
    }

    /// A JSON array, one object per diagnostic, keys in a fixed order; `rule` is `null` when
    /// the diagnostic concerns no single rule.
    public static func json(_ diagnostics: [PolicyDiagnostic]) -> String {
        let objects = diagnostics.map { diagnostic in
            let rule = diagnostic.rule.map(JSONText.quoted) ?? "null"
            return "  {\"file\":\(JSONText.quoted(diagnostic.location.file)),\"line\":\(diagnostic.location.line),"
                + "\"column\":\(diagnostic.location.column),\"severity\":\"\(diagnostic.severity.rawValue)\","
                + "\"message\":\(JSONText.quoted(diagnostic.message)),\"rule\":\(rule)}"
        }
        return objects.isEmpty ? "[]" : "[\n" + objects.joined(separator: ",\n") + "\n]"
    }
}
