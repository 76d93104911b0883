/// The policy directory could not be loaded or compiled. Carries every problem found, each
/// with its file, line and column, so an operator can fix them all in one pass.
public struct PolicyError: Error, Sendable, CustomStringConvertible {
    /// The problems, errors first in file order.
    public var diagnostics: [PolicyDiagnostic]

    /// Creates an error from diagnostics (at least one should be an error).
    public init(_ diagnostics: [PolicyDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// Creates an error for a single problem.
    public init(at location: SourceLocation, _ message: String, rule: String? = nil) {
        self.diagnostics = [PolicyDiagnostic(.error, at: location, message, rule: rule)]
    }

    /// One diagnostic per line.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
