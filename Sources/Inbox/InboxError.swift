#if canImport(Glibc)
import Glibc
#endif

/// The one error type of the `Inbox` module: what went wrong, where, and how to fix it.
///
/// Compare errors by ``code``; the ``message`` is for people. A failed system call also carries the
/// operation, the path and the `errno` value, so callers can react to, say, `ENOENT` or `EEXIST`.
public struct InboxError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, stable across releases; extensible like service-lifecycle's error codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case systemCall
            case stateDirectoryLocked
            case invalidConfiguration
            case screeningFailed
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// A system call failed (see ``InboxError/operation``, ``InboxError/path``, ``InboxError/errno``).
        public static let systemCall = Code(.systemCall)
        /// Another daemon holds the lock of the state directory.
        public static let stateDirectoryLocked = Code(.stateDirectoryLocked)
        /// The daemon configuration has a missing, unknown or invalid key; the CLI exits with code 2.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The injected screening function failed for one file.
        public static let screeningFailed = Code(.screeningFailed)

        /// A short name of the code.
        public var description: String {
            switch value {
            case .systemCall: "system call failed"
            case .stateDirectoryLocked: "state directory locked"
            case .invalidConfiguration: "invalid configuration"
            case .screeningFailed: "screening failed"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// A complete, human-readable sentence saying what went wrong and, where possible, how to fix it.
    public let message: String
    /// The failed system call (`rename`, `open`, …), when the error comes from one.
    public let operation: String?
    /// The file or directory concerned, when there is one.
    public let path: String?
    /// The `errno` value of a failed system call.
    public let errno: CInt?
    /// The underlying error, when this one wraps another.
    public let cause: (any Error)?
    /// The source location (`#fileID:#line`) that raised the error, for bug reports.
    public let location: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: What went wrong and how to fix it.
    ///   - operation: The failed system call, if any.
    ///   - path: The file concerned, if any.
    ///   - errno: The `errno` value, if any.
    ///   - cause: The wrapped error, if any.
    public init(
        code: Code,
        message: String,
        operation: String? = nil,
        path: String? = nil,
        errno: CInt? = nil,
        cause: (any Error)? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.operation = operation
        self.path = path
        self.errno = errno
        self.cause = cause
        self.location = "\(file):\(line)"
    }

    /// The message, followed by the cause when there is one.
    public var description: String {
        if let cause {
            return "\(message) (caused by: \(cause))"
        }
        return message
    }

    /// Whether this is a failed system call that reported the given `errno` value.
    public func hasErrno(_ value: CInt) -> Bool {
        code == .systemCall && errno == value
    }

    static func systemCall(
        _ operation: String,
        path: String?,
        errno value: CInt,
        file: String = #fileID,
        line: Int = #line
    ) -> InboxError {
        let reason = String(cString: strerror(value))
        let target = path.map { " on \($0)" } ?? ""
        return InboxError(
            code: .systemCall,
            message: "\(operation)\(target) failed: \(reason) (errno \(value))",
            operation: operation,
            path: path,
            errno: value,
            file: file,
            line: line
        )
    }

    static func configuration(
        _ message: String,
        file: String = #fileID,
        line: Int = #line
    ) -> InboxError {
        InboxError(code: .invalidConfiguration, message: message, file: file, line: line)
    }
}
