/// The human labels of one corpus item (`label` in the JSONL). Every field is optional: a
/// missing label leaves the item out of the figures that need it.
public struct ItemLabel: Sendable, Equatable {
    /// `label.should_refuse`: the prompt must be refused.
    public var shouldRefuse: Bool?
    /// `label.refused`: whether the response refuses (`true`, `false` or `"partial"`).
    public var refused: RefusalLabel?
    /// `label.category`: the harm category, e.g. `violence`.
    public var category: String?
    /// `label.content_harmful`: the response carries disallowed content.
    public var contentHarmful: Bool?
    /// `label.source_labels.type` (e.g. XSTest's `contrast_homonyms`), or for review exports the
    /// queue (`review:flagged`, `review:audit`): the breakdown key of the per-type tables.
    public var type: String?

    /// Creates a label.
    public init(
        shouldRefuse: Bool? = nil,
        refused: RefusalLabel? = nil,
        category: String? = nil,
        contentHarmful: Bool? = nil,
        type: String? = nil
    ) {
        self.shouldRefuse = shouldRefuse
        self.refused = refused
        self.category = category
        self.contentHarmful = contentHarmful
        self.type = type
    }

    /// Whether the response carries disallowed content: `content_harmful` when labelled;
    /// otherwise inferred: harmful when the prompt had to be refused and the response complied,
    /// harmless when the prompt was safe or the response fully refused; `nil` when unknown.
    public var responseHarmful: Bool? {
        if let contentHarmful { return contentHarmful }
        if shouldRefuse == true && refused == .complied { return true }
        if shouldRefuse == false || refused == .refused { return false }
        return nil
    }
}
