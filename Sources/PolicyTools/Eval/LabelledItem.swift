/// One row of a labelled corpus: a prompt, maybe a response, and what people said about them.
public struct LabelledItem: Sendable, Equatable {
    /// The item's id (`id`, or `file:line` when the row has none).
    public var id: String
    /// The prompt.
    public var prompt: String
    /// The response; `nil` for prompt-only rows (then response figures skip the row).
    public var response: String?
    /// The labels.
    public var label: ItemLabel

    /// Creates an item.
    public init(id: String, prompt: String, response: String?, label: ItemLabel) {
        self.id = id
        self.prompt = prompt
        self.response = response
        self.label = label
    }
}
