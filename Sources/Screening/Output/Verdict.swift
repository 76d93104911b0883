/// The screening result for one input line, written as one JSON line.
public struct Verdict: Sendable, Equatable {
    /// The overall outcome.
    public enum Outcome: String, Sendable, Equatable, Codable {
        /// No finding.
        case pass
        /// One or more findings.
        case flag
        /// The line could not be screened; ``Verdict/error`` says why.
        case error
    }

    /// The item id as JSON text (a quoted string or a number).
    public var idJSON: String
    /// The source file name as shown in verdicts.
    public var file: String
    /// The 1-based line in the source file.
    public var line: Int
    /// pass, flag or error.
    public var outcome: Outcome
    /// Whether the response is a refusal.
    public var refused: Bool
    /// Findings, prompt findings first.
    public var findings: [Finding]
    /// The policy digest the item was screened with.
    public var policy: String
    /// RFC 3339 time of screening.
    public var screenedAt: String
    /// Extra input fields, as raw JSON values.
    public var meta: [(key: String, json: String)]
    /// For `error` verdicts: the cause, naming the line.
    public var error: String?

    /// Creates a verdict.
    public init(
        idJSON: String,
        file: String,
        line: Int,
        outcome: Outcome,
        refused: Bool,
        findings: [Finding],
        policy: String,
        screenedAt: String,
        meta: [(key: String, json: String)] = [],
        error: String? = nil
    ) {
        self.idJSON = idJSON
        self.file = file
        self.line = line
        self.outcome = outcome
        self.refused = refused
        self.findings = findings
        self.policy = policy
        self.screenedAt = screenedAt
        self.meta = meta
        self.error = error
    }

    /// The verdict of a ``ScreeningOutcome/clean`` item: a pass, not refused, without findings.
    public static func clean(
        _ item: ScreeningItem,
        file: String,
        line: Int,
        policy: String,
        screenedAt: String
    ) -> Verdict {
        Verdict(
            idJSON: item.idJSON,
            file: file,
            line: line,
            outcome: .pass,
            refused: false,
            findings: [],
            policy: policy,
            screenedAt: screenedAt,
            meta: item.meta
        )
    }

    /// An `error` verdict for a line that could not be screened.
    public static func error(_ lineError: LineError, file: String, policy: String, screenedAt: String) -> Verdict {
        Verdict(
            idJSON: lineError.idJSON ?? JSONText.quoted("\(file):\(lineError.line)"),
            file: file,
            line: lineError.line,
            outcome: .error,
            refused: false,
            findings: [],
            policy: policy,
            screenedAt: screenedAt,
            error: lineError.description
        )
    }

    public static func == (lhs: Verdict, rhs: Verdict) -> Bool {
        lhs.idJSON == rhs.idJSON && lhs.file == rhs.file && lhs.line == rhs.line && lhs.outcome == rhs.outcome
            && lhs.refused == rhs.refused && lhs.findings == rhs.findings && lhs.policy == rhs.policy
            && lhs.screenedAt == rhs.screenedAt && lhs.error == rhs.error
            && lhs.meta.map(\.key) == rhs.meta.map(\.key) && lhs.meta.map(\.json) == rhs.meta.map(\.json)
    }
}

extension Verdict {
    /// `text` with storage of its own. Every verdict holds its file name, timestamp and policy digest; verdicts made
    /// and freed on several threads that shared one such string would all update its reference count from different
    /// cores (on the benchmark corpus, 5 % of the CPU time on two cores). Each batch of verdicts takes its own copies.
    public static func unshared(_ text: String) -> String {
        String(decoding: Array(text.utf8), as: UTF8.self)
    }
}
