import Foundation

/// A short claim an annotator holds on an item so that nobody else reviews it at the same time.
public struct Lease: Codable, Sendable, Hashable {
    /// The annotator holding it.
    public var annotator: String
    /// When it lapses.
    public var expiresAt: Date

    /// Creates a lease value.
    public init(annotator: String, expiresAt: Date) {
        self.annotator = annotator
        self.expiresAt = expiresAt
    }
}
