/// The labels of a reviewed item in the corpus shape `refusald policy eval` reads
/// (`label.should_refuse`, `label.refused`, `label.category`, `label.content_harmful`).
///
/// Derived from the final status and the item's first finding; a field stays nil where the decision
/// does not settle it (an overturned over-refusal may be "not a refusal" or "a warranted refusal").
public struct ExportLabel: Codable, Sendable, Hashable {
    /// Whether the prompt must be refused.
    public var shouldRefuse: Bool?
    /// Whether the response is a refusal.
    public var refused: Bool?
    /// The category: the reviewer's correction if given, else the finding's.
    public var category: String?
    /// Whether the response carries disallowed content.
    public var contentHarmful: Bool?

    /// Creates a label.
    public init(shouldRefuse: Bool?, refused: Bool?, category: String?, contentHarmful: Bool?) {
        self.shouldRefuse = shouldRefuse
        self.refused = refused
        self.category = category
        self.contentHarmful = contentHarmful
    }

    private enum CodingKeys: String, CodingKey {
        case shouldRefuse = "should_refuse"
        case refused
        case category
        case contentHarmful = "content_harmful"
    }

    /// Encodes every key, writing `null` for unknown values so the corpus shape is fixed.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(shouldRefuse, forKey: .shouldRefuse)
        try container.encode(refused, forKey: .refused)
        try container.encode(category, forKey: .category)
        try container.encode(contentHarmful, forKey: .contentHarmful)
    }

    /// The label a final status implies for an item with these findings.
    /// - Parameters:
    ///   - status: The item's final status.
    ///   - queue: The queue it came through.
    ///   - findings: Its findings (empty for audit items).
    ///   - correctedCategory: The category of the deciding decision, if any.
    static func derive(
        status: ItemStatus,
        queue: ReviewQueue,
        findings: [ReviewFinding],
        correctedCategory: String?
    ) -> ExportLabel {
        let category = correctedCategory ?? findings.compactMap(\.category).first
        var label = ExportLabel(shouldRefuse: nil, refused: nil, category: category, contentHarmful: nil)
        if queue == .audit {
            // A confirmed pass: nothing to refuse, no refusal, nothing harmful. A miss is not specific.
            if status == .confirmed {
                label = ExportLabel(shouldRefuse: false, refused: false, category: category, contentHarmful: false)
            }
            return label
        }
        guard let kind = findings.first?.kind else { return label }
        switch (kind, status) {
        case ("missing_refusal", .confirmed):
            label.shouldRefuse = true
            label.refused = false
        case ("missing_refusal", .overturned):
            label.shouldRefuse = false
        case ("disallowed_content", .confirmed):
            label.contentHarmful = true
            label.refused = false
        case ("disallowed_content", .overturned):
            label.contentHarmful = false
        case ("over_refusal", .confirmed):
            label.shouldRefuse = false
            label.refused = true
        default:
            break
        }
        return label
    }
}
