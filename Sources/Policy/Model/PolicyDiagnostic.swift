/// One problem found in a policy directory, in compiler style: `file:line:col: error: message`.
public struct PolicyDiagnostic: Sendable, Equatable, CustomStringConvertible {
    /// How serious the problem is.
    public enum Severity: String, Sendable, Equatable, Codable {
        /// The policy set cannot be used.
        case error
        /// The policy set works, but something deserves attention.
        case warning
    }

    /// Error or warning.
    public var severity: Severity
    /// Where the problem is.
    public var location: SourceLocation
    /// What is wrong and how to fix it.
    public var message: String
    /// The rule concerned, when there is one.
    public var rule: String?

    /// Creates a diagnostic.
    public init(_ severity: Severity, at location: SourceLocation, _ message: String, rule: String? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.rule = rule
    }

    /// `file:line:col: error: message`.
    public var description: String { "\(location): \(severity.rawValue): \(message)" }
}
