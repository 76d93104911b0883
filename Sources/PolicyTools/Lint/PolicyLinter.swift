import PCRE2
import Policy

/// Checks a policy directory without screening anything: schema and unknown keys, duplicate
/// ids, PCRE2 compile errors pointing at the character in the YAML file, patterns that match
/// the empty string, refusal languages without markers, rules without tests (the loader's
/// checks), plus catastrophic backtracking on adversarial inputs and rules the Vectorscan
/// prefilter cannot take. Exit status is decided by whether any diagnostic is an error.
public struct PolicyLinter: Sendable {
    /// Which of the slower checks run.
    public struct Options: Sendable {
        /// Probe every pattern with adversarial inputs (``BacktrackingProbe``).
        public var backtracking: Bool
        /// Build the Vectorscan prefilter and warn about rules it rejects (they always run in PCRE2).
        public var prefilter: Bool
        /// The probe used for the backtracking check.
        public var probe: BacktrackingProbe

        /// Creates options; every check is on by default.
        public init(backtracking: Bool = true, prefilter: Bool = true, probe: BacktrackingProbe = BacktrackingProbe()) {
            self.backtracking = backtracking
            self.prefilter = prefilter
            self.probe = probe
        }
    }

    /// The checks to run.
    public let options: Options

    /// Creates a linter.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Every diagnostic for `directory`, errors and warnings, sorted by file, line and column.
    public func lint(directory: String) -> [PolicyDiagnostic] {
        let loaded = PolicyLoader().inspect(directory: directory)
        var diagnostics = loaded.diagnostics
        if let set = loaded.set {
            for rule in set.allRules {
                do {
                    let compiled = try CompiledRule(rule)
                    if options.backtracking, let problem = options.probe.diagnostic(for: compiled) {
                        diagnostics.append(problem)
                    }
                } catch {
                    diagnostics += error.diagnostics
                }
            }
            diagnostics += unknownRuleExpectations(set)
            if options.prefilter && !diagnostics.contains(where: { $0.severity == .error }) {
                diagnostics += prefilterDiagnostics(set)
            }
        }
        return Self.sorted(diagnostics)
    }

    /// Tests that expect a rule no policy file defines (a renamed or deleted rule): such a test
    /// can never pass.
    private func unknownRuleExpectations(_ set: PolicySet) -> [PolicyDiagnostic] {
        let known = Set(set.allRules.map(\.id))
        var diagnostics: [PolicyDiagnostic] = []
        for test in set.allTests {
            for rule in (test.expect ?? []).compactMap(\.rule) where !known.contains(rule) {
                diagnostics.append(
                    PolicyDiagnostic(
                        .error,
                        at: test.location,
                        "test `\(test.name)` expects rule `\(rule)`, which no policy file defines; fix the id or remove the expectation",
                        rule: rule
                    )
                )
            }
        }
        return diagnostics
    }

    /// Warnings for rules Vectorscan rejects (each rule compiled on its own), or the error
    /// when the prefilter cannot be built at all.
    private func prefilterDiagnostics(_ set: PolicySet) -> [PolicyDiagnostic] {
        let check = PrefilterCheck()
        var diagnostics: [PolicyDiagnostic] = []
        for rule in set.allRules {
            do {
                guard let reason = try check.rejection(for: rule) else { continue }
                diagnostics.append(
                    PolicyDiagnostic(
                        .warning,
                        at: rule.patternLocation.start,
                        "slow rule `\(rule.id)`: always runs in PCRE2: \(reason)",
                        rule: rule.id
                    )
                )
            } catch {
                diagnostics += error.diagnostics.map { diagnostic in
                    var located = diagnostic
                    located.location = rule.patternLocation.start
                    located.rule = rule.id
                    return located
                }
            }
        }
        return diagnostics
    }

    /// Diagnostics in file, line, column order (errors before warnings at the same place),
    /// without exact duplicates.
    public static func sorted(_ diagnostics: [PolicyDiagnostic]) -> [PolicyDiagnostic] {
        var unique: [PolicyDiagnostic] = []
        for diagnostic in diagnostics where !unique.contains(diagnostic) {
            unique.append(diagnostic)
        }
        return unique.sorted { lhs, rhs in
            let left = (
                lhs.location.file, lhs.location.line, lhs.location.column, lhs.severity == .error ? 0 : 1, lhs.message
            )
            let right = (
                rhs.location.file, rhs.location.line, rhs.location.column, rhs.severity == .error ? 0 : 1, rhs.message
            )
            return left < right
        }
    }
}
