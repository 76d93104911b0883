/// A newly added annotator with their login token. The token is shown once: only its hash is stored.
public struct AnnotatorCredential: Sendable, Hashable {
    /// The annotator.
    public var annotator: Annotator
    /// 64 hex digits (32 random bytes): print it once, never log it.
    public var token: String
}
