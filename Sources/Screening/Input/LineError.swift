/// Why one input line could not be screened. The line gets an `error` verdict; the rest of the
/// file is screened as usual.
public struct LineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line number in its file.
    public var line: Int
    /// The cause, e.g. `invalid JSON at column 17: expected ':' after an object key`.
    public var message: String
    /// The item's id when it could be read before the problem, as JSON text.
    public var idJSON: String?

    /// Creates a line error.
    public init(line: Int, message: String, idJSON: String? = nil) {
        self.line = line
        self.message = message
        self.idJSON = idJSON
    }

    /// `line N: cause`.
    public var description: String { "line \(line): \(message)" }
}
