/// The one error type of the `ReviewStore` module.
///
/// Each error says what went wrong and how to fix it, and carries the underlying cause (usually a GRDB
/// `DatabaseError`) and the source location that raised it.
public struct ReviewStoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; extensible without breaking callers that switch on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case cannotOpen = "cannot open"
            case migrationFailed = "migration failed"
            case busy
            case itemNotFound = "item not found"
            case annotatorNotFound = "annotator not found"
            case annotatorExists = "annotator exists"
            case invalidInput = "invalid input"
            case leaseHeld = "lease held"
            case database
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The database file could not be opened or created.
        public static let cannotOpen = Code(.cannotOpen)
        /// The schema could not be brought up to date.
        public static let migrationFailed = Code(.migrationFailed)
        /// Another connection kept the database locked past the busy timeout and every retry.
        public static let busy = Code(.busy)
        /// No item has the given id.
        public static let itemNotFound = Code(.itemNotFound)
        /// No annotator has the given name.
        public static let annotatorNotFound = Code(.annotatorNotFound)
        /// An annotator with that name already exists.
        public static let annotatorExists = Code(.annotatorExists)
        /// An argument was rejected (empty name, bad category, …).
        public static let invalidInput = Code(.invalidInput)
        /// Another annotator holds the lease on the item.
        public static let leaseHeld = Code(.leaseHeld)
        /// Any other SQLite failure.
        public static let database = Code(.database)

        /// A short, stable name for the code.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence saying what went wrong and what to do about it.
    public var message: String
    /// The underlying error, if any.
    public var cause: (any Error)?
    /// The source file that raised the error.
    public var file: String
    /// The source line that raised the error.
    public var line: Int

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: What went wrong and how to fix it.
    ///   - cause: The underlying error, if any.
    public init(
        _ code: Code,
        _ message: String,
        cause: (any Error)? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.cause = cause
        self.file = file
        self.line = line
    }

    /// The message, followed by the cause when there is one.
    public var description: String {
        if let cause {
            return "\(message) (cause: \(cause))"
        }
        return message
    }
}
