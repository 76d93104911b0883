import Foundation

/// A person allowed to review. Their login token is stored only as a SHA-256 hash.
public struct Annotator: Codable, Sendable, Hashable {
    /// The store's key.
    public var id: Int64
    /// The unique name decisions are recorded under.
    public var name: String
    /// When the annotator was added.
    public var createdAt: Date

    /// Creates an annotator value.
    public init(id: Int64, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}
