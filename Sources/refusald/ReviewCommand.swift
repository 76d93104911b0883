import ArgumentParser
import Foundation
import Hummingbird
import ReviewStore
import ReviewWeb

/// `refusald review …`: the review queue from a terminal, and the standalone review server.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review flagged items: list, show, confirm, overturn, escalate, stats, serve.",
        subcommands: [List.self, Show.self, Confirm.self, Overturn.self, Escalate.self, Stats.self, Serve.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List queued items (ID is the store's key, as in /items/{id}).",
            discussion: "Example:\n  refusald review list --status pending --category violence --format table"
        )
        @OptionGroup var database: ReviewDatabaseOption
        @Option(help: "pending, confirmed, overturned or escalated.") var status: ItemStatus?
        @Option(help: "Only items with a finding in this category.") var category: String?
        @Option(help: "Only items with a finding of this kind.") var kind: String?
        @Option(help: "Only items with a finding of this rule.") var rule: String?
        @Option(help: "flagged or audit.") var queue: ReviewQueue?
        @Option(help: "At most this many items.") var limit: Int = 50
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            let store = try database.open()
            let filter = ItemFilter(
                status: status,
                queue: queue,
                category: category,
                kind: kind,
                rule: rule,
                limit: limit
            )
            let items = try await store.list(filter)
            switch format {
            case .json:
                print(try JSONOutput.encode(items))
            case .table:
                print(pad("ID", 6) + pad("STATUS", 11) + pad("QUEUE", 8) + pad("RULES", 40) + "PROMPT")
                for item in items {
                    let rules = item.rules.joined(separator: ",")
                    print(
                        pad(String(item.id), 6) + pad(item.status.rawValue, 11) + pad(item.queue.rawValue, 8)
                            + pad(rules, 40) + String(item.promptPreview.prefix(60))
                    )
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one item with its findings and decisions.")
        @OptionGroup var database: ReviewDatabaseOption
        @Argument(help: "The item ID.") var id: Int64
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            let store = try database.open()
            guard let item = try await store.item(id: id) else {
                StandardError.print("refusald: no review item \(id)")
                throw ExitStatus.error
            }
            if format == .json {
                print(try JSONOutput.encode(item))
                return
            }
            print(
                "item \(item.id) (\(item.externalID)) from \(item.sourceFile):\(item.sourceLine), \(item.queue.rawValue), \(item.status.rawValue)"
            )
            print("prompt:\n  \(item.prompt)")
            print("response:\n  \(item.response ?? "(none)")")
            print("findings:")
            for finding in item.findings {
                print(
                    "  \(finding.kind) \(finding.rule) [\(finding.category ?? "-")] \(finding.target) \(finding.spans) \(finding.excerpt.map { "\"\($0)\"" } ?? "")"
                )
            }
            if !item.decisions.isEmpty { print("decisions:") }
            for decision in item.decisions {
                print(
                    "  \(decision.decidedAt) \(decision.annotator): \(decision.kind.rawValue)\(decision.category.map { " as \($0)" } ?? "")\(decision.note.map { " — \($0)" } ?? "")"
                )
            }
        }
    }

    struct Confirm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Confirm an item's findings.",
            discussion: "Example:\n  refusald review confirm 12 --as alice --note \"clear bomb recipe\""
        )
        @OptionGroup var decision: DecisionOptions
        func run() async throws { try await decision.record(.confirm, category: nil) }
    }

    struct Overturn: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Overturn an item (false positive), optionally with the right category."
        )
        @OptionGroup var decision: DecisionOptions
        @Option(help: "The corrected category, if the item belongs to another one.") var category: String?
        func run() async throws { try await decision.record(.overturn, category: category) }
    }

    struct Escalate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Escalate an item to a senior reviewer.")
        @OptionGroup var decision: DecisionOptions
        func run() async throws { try await decision.record(.escalate, category: nil) }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per-rule precision from decisions: confirmed / (confirmed + overturned)."
        )
        @OptionGroup var database: ReviewDatabaseOption
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            let store = try database.open()
            let rules = try await store.rulePrecision()
            if format == .json {
                print(try JSONOutput.encode(rules))
                return
            }
            print(pad("RULE", 44) + pad("CONFIRMED", 11) + pad("OVERTURNED", 12) + pad("PENDING", 9) + "PRECISION")
            for rule in rules {
                let precision = rule.precision.map { String(format: "%.1f%%", $0 * 100) } ?? "-"
                print(
                    pad(rule.rule, 44) + pad(String(rule.confirmed), 11) + pad(String(rule.overturned), 12)
                        + pad(String(rule.pending), 9) + precision
                )
            }
        }
    }

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the review pages on their own (for annotators on another host).",
            discussion: "Example:\n  refusald review serve --db review.sqlite --listen 127.0.0.1:8088"
        )
        @OptionGroup var database: ReviewDatabaseOption
        @Option(help: "HOST:PORT to listen on (loopback by default).") var listen: String = ReviewServer.defaultListen
        @Flag(help: "Mark the session cookie Secure (HTTPS only): for pages served through a TLS proxy.")
        var secureCookies = false

        func run() async throws {
            let store = try database.open()
            let app = try ReviewServer.makeApplication(
                store: store,
                listen: listen,
                configuration: ReviewWebConfiguration(secureCookies: secureCookies)
            ) { port in
                print(
                    "review pages at http://\(listen.split(separator: ":").dropLast().joined(separator: ":")):\(port)/login"
                )
            }
            try await app.runService()
        }
    }
}

/// `review confirm|overturn|escalate ID --as NAME [--note …]`.
struct DecisionOptions: ParsableArguments {
    @OptionGroup var database: ReviewDatabaseOption
    @Argument(help: "The item ID.") var id: Int64
    @Option(name: .customLong("as"), help: "The annotator deciding.") var annotator: String
    @Option(help: "A note kept with the decision.") var note: String?

    func record(_ kind: DecisionKind, category: String?) async throws {
        let store = try database.open()
        do {
            let outcome = try await store.decide(
                itemID: id,
                annotator: annotator,
                kind: kind,
                category: category,
                note: note
            )
            print("item \(id): \(kind.rawValue) by \(annotator); status \(outcome.status.rawValue)")
        } catch {
            StandardError.print("refusald: \(error)")
            throw ExitStatus.error
        }
    }
}

/// Table or JSON output.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
}

extension ItemStatus: ExpressibleByArgument {}
extension ReviewQueue: ExpressibleByArgument {}
extension ExportSelection: ExpressibleByArgument {}

/// Pads or cuts `text` to `width` columns for table output.
func pad(_ text: String, _ width: Int) -> String {
    text.count >= width
        ? String(text.prefix(width - 1)) + " " : text + String(repeating: " ", count: width - text.count)
}

/// JSON for `--format json`.
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
