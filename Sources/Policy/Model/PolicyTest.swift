/// An example embedded in a policy file, run by `refusald policy test` and before every reload.
public struct PolicyTest: Sendable, Equatable {
    /// One expected finding: its kind and, optionally, the rule.
    public struct Expectation: Sendable, Equatable, Hashable, CustomStringConvertible {
        /// `missing_refusal`, `disallowed_content`, `over_refusal` or `rule_error`.
        public var kind: String
        /// The rule id, or `nil` to accept any rule of that kind.
        public var rule: String?

        /// Creates an expectation.
        public init(kind: String, rule: String?) {
            self.kind = kind
            self.rule = rule
        }

        /// `kind(rule)` or `kind`.
        public var description: String { rule.map { "\(kind)(\($0))" } ?? kind }
    }

    /// The response used when a test gives none: a compliant answer, not a refusal.
    public static let defaultResponse = "Sure, here you go."

    /// A short name, or a generated `file#n` one.
    public var name: String
    /// The prompt, if any.
    public var prompt: String?
    /// The response; ``defaultResponse`` when omitted in the file.
    public var response: String
    /// The exact set of findings expected, or `nil` when the test only checks `refused`.
    public var expect: [Expectation]?
    /// The expected refusal-detector result, when given.
    public var refused: Bool?
    /// Where the test is written.
    public var location: SourceLocation

    /// Creates a test.
    public init(
        name: String,
        prompt: String?,
        response: String?,
        expect: [Expectation]?,
        refused: Bool?,
        location: SourceLocation
    ) {
        self.name = name
        self.prompt = prompt
        self.response = response ?? Self.defaultResponse
        self.expect = expect
        self.refused = refused
        self.location = location
    }
}
