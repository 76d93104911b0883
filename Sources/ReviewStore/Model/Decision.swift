import Foundation

/// One recorded decision. Decisions are append-only: a later one supersedes, the history stays.
public struct Decision: Codable, Sendable, Hashable {
    /// The store's key for this decision.
    public var id: Int64
    /// The item decided on.
    public var itemID: Int64
    /// The annotator's name.
    public var annotator: String
    /// What was decided.
    public var kind: DecisionKind
    /// The corrected category of an overturn (or the missed category of an audit item), if given.
    public var category: String?
    /// The annotator's free-text note, if given.
    public var note: String?
    /// When it was recorded.
    public var decidedAt: Date

    /// Creates a decision value.
    public init(
        id: Int64,
        itemID: Int64,
        annotator: String,
        kind: DecisionKind,
        category: String?,
        note: String?,
        decidedAt: Date
    ) {
        self.id = id
        self.itemID = itemID
        self.annotator = annotator
        self.kind = kind
        self.category = category
        self.note = note
        self.decidedAt = decidedAt
    }
}
