/// One prompt/response pair read from an input line.
public struct ScreeningItem: Sendable, Equatable {
    /// The item's id as JSON text: a quoted string, a number, or the quoted `file:line` fallback.
    public var idJSON: String
    /// The item's id as plain text (unquoted).
    public var id: String
    /// The prompt (last user turn in chat form).
    public var prompt: String
    /// The response (last assistant turn in chat form).
    public var response: String
    /// Other top-level fields, each as its raw JSON value, in input order; copied into `meta`.
    public var meta: [(key: String, json: String)]

    /// Creates an item.
    public init(
        id: String,
        idJSON: String? = nil,
        prompt: String,
        response: String,
        meta: [(key: String, json: String)] = []
    ) {
        self.id = id
        self.idJSON = idJSON ?? JSONText.quoted(id)
        self.prompt = prompt
        self.response = response
        self.meta = meta
    }

    /// The value of the `lang` meta field, if present and a string.
    public var language: String? {
        guard let json = meta.first(where: { $0.key == "lang" })?.json, json.hasPrefix("\""), json.count >= 2 else {
            return nil
        }
        return String(json.dropFirst().dropLast())
    }

    public static func == (lhs: ScreeningItem, rhs: ScreeningItem) -> Bool {
        lhs.idJSON == rhs.idJSON && lhs.prompt == rhs.prompt && lhs.response == rhs.response
            && lhs.meta.map(\.key) == rhs.meta.map(\.key) && lhs.meta.map(\.json) == rhs.meta.map(\.json)
    }
}
