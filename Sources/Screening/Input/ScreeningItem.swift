/// One prompt/response pair read from an input line.
public struct ScreeningItem: Sendable, Equatable {
    /// The item's id as JSON text: a quoted string, a number, or the quoted `file:line` fallback.
    public var idJSON: String
    /// The item's id as plain text (unquoted).
    public var id: String
    /// The prompt as UTF-8, always valid: what screening reads. The decoder fills it straight from the line, so
    /// a `String` is only made when something asks for ``prompt``.
    public private(set) var promptUTF8: [UInt8]
    /// The response as UTF-8, always valid.
    public private(set) var responseUTF8: [UInt8]
    /// Other top-level fields, each as its raw JSON value, in input order; copied into `meta`.
    public var meta: [(key: String, json: String)]

    /// The prompt (last user turn in chat form).
    public var prompt: String {
        get { String(decoding: promptUTF8, as: UTF8.self) }
        set { promptUTF8 = Array(newValue.utf8) }
    }

    /// The response (last assistant turn in chat form).
    public var response: String {
        get { String(decoding: responseUTF8, as: UTF8.self) }
        set { responseUTF8 = Array(newValue.utf8) }
    }

    /// Creates an item.
    public init(
        id: String,
        idJSON: String? = nil,
        prompt: String,
        response: String,
        meta: [(key: String, json: String)] = []
    ) {
        self.init(
            id: id,
            idJSON: idJSON,
            validPromptUTF8: Array(prompt.utf8),
            validResponseUTF8: Array(response.utf8),
            meta: meta
        )
    }

    /// Creates an item from texts already known to be valid UTF-8 (PCRE2 and Vectorscan read them unchecked).
    init(
        id: String,
        idJSON: String?,
        validPromptUTF8: [UInt8],
        validResponseUTF8: [UInt8],
        meta: [(key: String, json: String)]
    ) {
        self.id = id
        self.idJSON = idJSON ?? JSONText.quoted(id)
        self.promptUTF8 = validPromptUTF8
        self.responseUTF8 = validResponseUTF8
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
        lhs.idJSON == rhs.idJSON && lhs.promptUTF8 == rhs.promptUTF8 && lhs.responseUTF8 == rhs.responseUTF8
            && lhs.meta.map(\.key) == rhs.meta.map(\.key) && lhs.meta.map(\.json) == rhs.meta.map(\.json)
    }
}
