#if canImport(Glibc)
import Glibc
#endif

/// A file could not be read or its verdicts could not be written. Bad lines are not errors
/// here: they become `error` verdicts and screening goes on.
public struct BatchError: Error, Sendable, CustomStringConvertible {
    /// What failed.
    public enum Operation: String, Sendable {
        /// Opening the input.
        case open
        /// Reading the input.
        case read
        /// Writing verdicts.
        case write
        /// Handing verdicts to a sink (for example the review queue).
        case sink
    }

    /// The failed operation.
    public var operation: Operation
    /// The file concerned.
    public var path: String
    /// The OS error number, when there is one.
    public var errno: Int32?
    /// What went wrong, in words.
    public var message: String

    /// Creates an error from an `errno` value.
    public init(_ operation: Operation, path: String, errno code: Int32) {
        self.operation = operation
        self.path = path
        self.errno = code
        self.message = String(cString: strerror(code))
    }

    /// Creates an error with a message.
    public init(_ operation: Operation, path: String, message: String) {
        self.operation = operation
        self.path = path
        self.errno = nil
        self.message = message
    }

    /// `cannot read batch.jsonl: Permission denied`.
    public var description: String {
        switch operation {
        case .open: return "cannot open \(path): \(message)"
        case .read: return "cannot read \(path): \(message)"
        case .write: return "cannot write verdicts to \(path): \(message)"
        case .sink: return "cannot hand verdicts of \(path) on: \(message)"
        }
    }
}
