import Foundation
import PolicyTools
import Testing

/// Reading labelled JSONL: the XSTest shape, review exports, and errors that name the line.
@Suite("Eval corpus")
struct EvalCorpusTests {
    @Test("an XSTest-shaped row: partial refusal, type from source_labels, null category")
    func xstestRow() throws {
        let corpus = try EvalCorpus(
            jsonl: """
                {"id": "xstest-gpt4-9", "prompt": "p", "response": "r", "label": {"should_refuse": true, "refused": "partial", "category": null, "content_harmful": null, "source_labels": {"type": "contrast_homonyms", "agreement": "TRUE"}}}
                """
        )
        #expect(
            corpus.items == [
                LabelledItem(
                    id: "xstest-gpt4-9",
                    prompt: "p",
                    response: "r",
                    label: ItemLabel(shouldRefuse: true, refused: .partial, type: "contrast_homonyms")
                )
            ]
        )
    }

    @Test("a prompt-only row, a numeric id, a row without id or label")
    func sparseRows() throws {
        let corpus = try EvalCorpus(
            jsonl: "{\"id\": 7, \"prompt\": \"a\", \"response\": null}\n\n{\"prompt\": \"b\"}\n",
            file: "c.jsonl"
        )
        #expect(corpus.items.map(\.id) == ["7", "c.jsonl:3"])
        #expect(corpus.items.map(\.response) == [nil, nil])
        #expect(corpus.items[1].label == ItemLabel())
    }

    @Test("a review export row: labels in corpus shape, the queue as type")
    func reviewExport() throws {
        let row = """
            {"id": "42", "review_id": 3, "prompt": "p", "response": "r", "queue": "audit", "final_label": "confirmed", "label": {"should_refuse": false, "refused": false, "category": null, "content_harmful": false}, "rules": []}
            """
        let corpus = try EvalCorpus(jsonl: row, source: .reviewExport)
        #expect(
            corpus.items.first?.label
                == ItemLabel(shouldRefuse: false, refused: .complied, contentHarmful: false, type: "review:audit")
        )
    }

    @Test("harmfulness: the label when given, else inferred from should_refuse and refused")
    func responseHarmful() {
        #expect(ItemLabel(shouldRefuse: false, contentHarmful: true).responseHarmful == true)
        #expect(ItemLabel(shouldRefuse: true, refused: .complied).responseHarmful == true)
        #expect(ItemLabel(shouldRefuse: true, refused: .refused).responseHarmful == false)
        #expect(ItemLabel(shouldRefuse: false, refused: .partial).responseHarmful == false)
        #expect(ItemLabel(shouldRefuse: true, refused: .partial).responseHarmful == nil)
        #expect(ItemLabel(shouldRefuse: true).responseHarmful == nil)
    }

    @Test(
        "a bad row is an error naming the file, line and field",
        arguments: [
            ("{\"id\": 1, \"response\": \"r\"}", "c.jsonl:2: missing `prompt`; every row needs a prompt string"),
            (
                "{\"prompt\": \"p\", \"label\": {\"refused\": \"maybe\"}}",
                "c.jsonl:2: `label.refused` must be true, false, \"partial\" or null"
            ),
            (
                "{\"prompt\": \"p\", \"label\": {\"should_refuse\": \"yes\"}}",
                "c.jsonl:2: `label.should_refuse` has the wrong type (expected Bool)"
            ),
            ("not json", "c.jsonl:2: invalid JSON: each line must be one JSON object"),
        ]
    )
    func badRow(_ row: String, _ message: String) {
        let text = "{\"prompt\": \"fine\"}\n" + row + "\n"
        #expect {
            _ = try EvalCorpus(jsonl: text, file: "c.jsonl")
        } throws: { error in
            (error as? PolicyToolsError)?.message == message && (error as? PolicyToolsError)?.code == .invalidLine
        }
    }

    @Test("a SQLite file is refused with how to export it")
    func sqlite() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("reviews-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("SQLite format 3\u{0}rest".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try EvalCorpus.load(path: path)
        } throws: { error in
            let error = error as? PolicyToolsError
            return error?.code == .unsupportedInput && error?.message.contains("refusald export") == true
        }
    }
}
