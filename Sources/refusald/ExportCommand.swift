import ArgumentParser
import Foundation
import ReviewStore

/// `refusald export`: reviewed items with final labels, as a dataset.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export reviewed items with final labels, annotators and rules as JSONL.",
        discussion: """
            Each line has id, prompt, response, label {should_refuse, refused, category, \
            content_harmful}, final_label, rules and decisions: the corpus format `refusald policy \
            eval --corpus` reads.

            Example:
              refusald export --status confirmed --db review.sqlite > confirmed.jsonl
            """
    )
    @OptionGroup var database: ReviewDatabaseOption
    @Option(help: "confirmed, overturned or all.") var status: ExportSelection = .all
    @Option(help: "Only jsonl is supported.") var format: String = "jsonl"
    @Option(help: "Write to this file instead of stdout.") var output: String?

    func run() async throws {
        guard format == "jsonl" else {
            StandardError.print("refusald: --format \(format) is not supported; use jsonl")
            throw ExitStatus.error
        }
        let store = try database.open()
        let rows = try await store.exportRows(status)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var text = ""
        for row in rows {
            text += String(decoding: try encoder.encode(row), as: UTF8.self) + "\n"
        }
        if let output {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } else {
            print(text, terminator: "")
        }
    }
}
