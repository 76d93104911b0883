import Hummingbird

/// The one error type of the `ReviewWeb` module: an HTTP status with a message that says what to do.
public struct ReviewWebError: Error, Sendable, CustomStringConvertible {
    /// The HTTP status the error maps to.
    public var status: HTTPResponse.Status
    /// What went wrong and how to fix it.
    public var message: String
    /// The underlying error, if any.
    public var cause: (any Error)?

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, _ message: String, cause: (any Error)? = nil) {
        self.status = status
        self.message = message
        self.cause = cause
    }

    /// The message, followed by the cause when there is one.
    public var description: String {
        cause.map { "\(message) (cause: \($0))" } ?? message
    }

    static let loginRequired = ReviewWebError(
        .unauthorized,
        "Sign in first: open /login and paste your annotator token."
    )
    static let csrf = ReviewWebError(
        .forbidden,
        "The form's security token is missing or stale. Reload the page and submit again."
    )
    static let crossOrigin = ReviewWebError(
        .forbidden,
        "The request came from another site (its Origin header does not match this server) and was refused."
    )
}
