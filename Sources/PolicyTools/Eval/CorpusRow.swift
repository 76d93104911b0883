import Foundation

/// One JSONL row of a labelled corpus or a review export, as decoded.
///
/// Fields: `id` (string or number), `prompt` (string), `response` (string or null),
/// `label.should_refuse` (bool/null), `label.refused` (true/false/"partial"/null),
/// `label.category` (string/null), `label.content_harmful` (bool/null),
/// `label.source_labels.type` (string, optional); review exports also carry `queue`.
/// Other fields are ignored.
struct CorpusRow: Decodable {
    struct Label: Decodable {
        var shouldRefuse: Bool?
        var refused: Refused?
        var category: String?
        var contentHarmful: Bool?
        var sourceLabels: SourceLabels?

        enum CodingKeys: String, CodingKey {
            case shouldRefuse = "should_refuse"
            case refused, category
            case contentHarmful = "content_harmful"
            case sourceLabels = "source_labels"
        }
    }

    struct SourceLabels: Decodable {
        var type: String?
    }

    /// `label.refused`: a boolean or the string `"partial"`.
    struct Refused: Decodable {
        var value: RefusalLabel

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                value = flag ? .refused : .complied
            } else if let text = try? container.decode(String.self), text == "partial" {
                value = .partial
            } else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "must be true, false, \"partial\" or null"
                )
            }
        }
    }

    /// `id`: a string or a number, kept as text.
    struct Identifier: Decodable {
        var text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let string = try? container.decode(String.self) {
                text = string
            } else if let integer = try? container.decode(Int.self) {
                text = String(integer)
            } else if let number = try? container.decode(Double.self) {
                text = String(number)
            } else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be a string or a number")
            }
        }
    }

    var id: Identifier?
    var prompt: String
    var response: String?
    var label: Label?
    var queue: String?

    /// Decodes `line` into an item.
    /// - Throws: ``PolicyToolsError`` naming the file, line and field.
    static func item(
        _ line: Data,
        file: String,
        line number: Int,
        source: EvalCorpus.Source
    ) throws(PolicyToolsError) -> LabelledItem {
        let row: CorpusRow
        do {
            row = try JSONDecoder().decode(CorpusRow.self, from: line)
        } catch {
            throw PolicyToolsError(.invalidLine, "\(file):\(number): \(explain(error))", cause: error)
        }
        var label = ItemLabel(
            shouldRefuse: row.label?.shouldRefuse,
            refused: row.label?.refused?.value,
            category: row.label?.category,
            contentHarmful: row.label?.contentHarmful,
            type: row.label?.sourceLabels?.type
        )
        if label.type == nil, source == .reviewExport, let queue = row.queue {
            label.type = "review:" + queue
        }
        return LabelledItem(
            id: row.id?.text ?? "\(file):\(number)",
            prompt: row.prompt,
            response: row.response,
            label: label
        )
    }

    /// A one-line reason naming the field, e.g. "`label.refused` must be true, false, "partial" or null".
    private static func explain(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map(\.stringValue).joined(separator: ".")
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return field == "prompt" ? "missing `prompt`; every row needs a prompt string" : "missing `\(field)`"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "`\(path(context.codingPath))` has the wrong type (expected \(type))"
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            return field.isEmpty
                ? "invalid JSON: each line must be one JSON object" : "`\(field)` \(context.debugDescription)"
        default:
            return "invalid row: \(error)"
        }
    }
}
