import PCRE2
import Policy

/// Checks a policy directory without screening anything: schema, ids, PCRE2 compile errors
/// pointing at the character in the YAML file, patterns that match the empty string, and
/// rules without tests. Exit status is decided by whether any diagnostic is an error.
public struct PolicyLinter: Sendable {
    /// Creates a linter.
    public init() {}

    /// Every diagnostic for `directory`, errors and warnings, in file order.
    public func lint(directory: String) -> [PolicyDiagnostic] {
        let loaded = PolicyLoader().inspect(directory: directory)
        var diagnostics = loaded.diagnostics
        if let set = loaded.set {
            for rule in set.allRules {
                do {
                    _ = try CompiledRule(rule)
                } catch {
                    diagnostics += error.diagnostics
                }
            }
        }
        return diagnostics.sorted { lhs, rhs in
            (lhs.location.file, lhs.location.line, lhs.location.column) < (rhs.location.file, rhs.location.line, rhs.location.column)
        }
    }
}
