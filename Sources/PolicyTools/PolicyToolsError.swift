/// A policy tool could not run: an unreadable corpus, a corpus line that is not a labelled item,
/// or a policy directory that does not load. Says where and how to fix it.
public struct PolicyToolsError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, extensible without breaking callers.
    public struct Code: Sendable, Equatable, CustomStringConvertible {
        private enum Base: String, Sendable, Equatable {
            case unreadableFile = "unreadable file"
            case invalidLine = "invalid line"
            case unsupportedInput = "unsupported input"
            case policy = "policy"
        }

        private let base: Base

        /// A file could not be read.
        public static let unreadableFile = Code(base: .unreadableFile)
        /// A corpus line is not valid JSON or not a labelled item.
        public static let invalidLine = Code(base: .invalidLine)
        /// The input is of a kind the tool cannot read (for example a SQLite file).
        public static let unsupportedInput = Code(base: .unsupportedInput)
        /// A policy directory does not load or compile.
        public static let policy = Code(base: .policy)

        /// A short name for the code.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// What went wrong and how to fix it, with the file and line when known.
    public let message: String
    /// The underlying error, if any.
    public let cause: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The message.
    public var description: String { message }
}
