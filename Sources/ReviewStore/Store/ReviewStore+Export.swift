import Foundation
import GRDB

extension ReviewStore {
    /// The reviewed items as dataset rows, oldest first, for `refusald export` to write as JSONL.
    /// - Parameter selection: Confirmed, overturned, or every item with a final status.
    public func exportRows(_ selection: ExportSelection = .all) async throws -> [ExportRow] {
        let statuses: [String] =
            switch selection {
            case .confirmed: ["confirmed"]
            case .overturned: ["overturned"]
            case .all: ["confirmed", "overturned", "escalated"]
            }
        let placeholders = Array(repeating: "?", count: statuses.count).joined(separator: ",")
        let now = nowSeconds
        let items: [ReviewItem] = try await read { db in
            let ids = try Int64.fetchAll(
                db,
                sql: "SELECT id FROM item WHERE status IN (\(placeholders)) ORDER BY id",
                arguments: StatementArguments(statuses)
            )
            return try ids.compactMap { try Self.item(db, id: $0, now: now) }
        }
        return items.map(Self.exportRow(for:))
    }

    static func exportRow(for item: ReviewItem) -> ExportRow {
        let deciding = item.decisions.last { $0.kind.status == item.status }
        let label = ExportLabel.derive(
            status: item.status,
            queue: item.queue,
            findings: item.findings,
            correctedCategory: deciding?.category
        )
        let history = item.decisions.map { decision in
            ExportRow.DecisionEntry(
                annotator: decision.annotator,
                decision: decision.kind,
                category: decision.category,
                note: decision.note,
                decidedAt: iso8601(decision.decidedAt)
            )
        }
        return ExportRow(
            id: item.externalID,
            reviewID: item.id,
            source: ExportRow.Source(file: item.sourceFile, line: item.sourceLine),
            prompt: item.prompt,
            response: item.response,
            language: item.language,
            queue: item.queue,
            finalLabel: item.status,
            label: label,
            kinds: distinct(item.findings.map(\.kind)),
            rules: distinct(item.findings.map(\.rule)),
            annotators: distinct(item.decisions.map(\.annotator)),
            decisions: history,
            policy: item.policyDigest,
            screenedAt: iso8601(item.screenedAt)
        )
    }

    /// `2026-11-25T14:00:00Z`, the verdict format's time style.
    static func iso8601(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
