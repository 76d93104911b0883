import Foundation

/// One row of the queue listing.
public struct ItemSummary: Codable, Sendable, Hashable {
    /// The store's own key.
    public var id: Int64
    /// The verdict's `id`.
    public var externalID: String
    /// The input file.
    public var sourceFile: String
    /// The 1-based line in the input file.
    public var sourceLine: Int
    /// `flagged` or `audit`.
    public var queue: ReviewQueue
    /// The current status.
    public var status: ItemStatus
    /// The input's language, if known.
    public var language: String?
    /// Distinct finding kinds.
    public var kinds: [String]
    /// Distinct finding categories.
    public var categories: [String]
    /// Distinct rule ids.
    public var rules: [String]
    /// The first 120 characters of the prompt.
    public var promptPreview: String
    /// How many decisions were recorded.
    public var decisionCount: Int
    /// The live lease, if any.
    public var lease: Lease?
    /// When it entered the store.
    public var enqueuedAt: Date
}
