import Foundation

/// A logged-in browser session.
public struct AnnotatorSession: Sendable, Hashable {
    /// The secret session id for the cookie (the store keeps only its SHA-256).
    public var id: String
    /// The per-session CSRF token every form must echo.
    public var csrfToken: String
    /// Who is logged in.
    public var annotator: Annotator
    /// When the session lapses.
    public var expiresAt: Date

    /// Creates a session value.
    public init(id: String, csrfToken: String, annotator: Annotator, expiresAt: Date) {
        self.id = id
        self.csrfToken = csrfToken
        self.annotator = annotator
        self.expiresAt = expiresAt
    }

    /// Whether `candidate` is this session's CSRF token, compared in constant time over SHA-256 digests
    /// (so neither the candidate's length nor a matching prefix shows in the timing).
    public func verifyCSRF(_ candidate: String) -> Bool {
        Secret.secretsEqual(candidate, csrfToken)
    }
}
