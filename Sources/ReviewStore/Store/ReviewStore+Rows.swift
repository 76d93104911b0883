import Foundation
import GRDB

/// Row-to-value mapping shared by the queries.
extension ReviewStore {
    static func date(_ seconds: Double) -> Date {
        Date(timeIntervalSince1970: seconds)
    }

    /// The lease in an `item` row, if it has not lapsed at `now`.
    static func lease(in row: Row, now: Double) -> Lease? {
        guard let annotator: String = row["lease_annotator"], let expires: Double = row["lease_expires"],
            expires > now
        else { return nil }
        return Lease(annotator: annotator, expiresAt: date(expires))
    }

    static func findings(_ db: Database, itemIDs: [Int64]) throws -> [Int64: [ReviewFinding]] {
        guard !itemIDs.isEmpty else { return [:] }
        let placeholders = Array(repeating: "?", count: itemIDs.count).joined(separator: ",")
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT * FROM finding WHERE item_id IN (\(placeholders)) ORDER BY item_id, position",
            arguments: StatementArguments(itemIDs)
        )
        var result: [Int64: [ReviewFinding]] = [:]
        for row in rows {
            let spansJSON: String = row["spans_json"]
            let spans = (try? JSONDecoder().decode([[Int]].self, from: Data(spansJSON.utf8))) ?? []
            let finding = ReviewFinding(
                kind: row["kind"],
                category: row["category"],
                rule: row["rule"],
                severity: row["severity"],
                target: row["target"],
                spans: spans,
                excerpt: row["excerpt"],
                note: row["note"]
            )
            result[row["item_id"], default: []].append(finding)
        }
        return result
    }

    static func decision(from row: Row) -> Decision {
        let kind: String = row["kind"]
        return Decision(
            id: row["id"],
            itemID: row["item_id"],
            annotator: row["annotator"],
            kind: DecisionKind(rawValue: kind) ?? .escalate,
            category: row["category"],
            note: row["note"],
            decidedAt: date(row["decided_at"])
        )
    }

    static func decisions(_ db: Database, itemID: Int64) throws -> [Decision] {
        try Row.fetchAll(db, sql: "SELECT * FROM decision WHERE item_id = ? ORDER BY id", arguments: [itemID])
            .map(decision(from:))
    }

    static func item(_ db: Database, id: Int64, now: Double) throws -> ReviewItem? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM item WHERE id = ?", arguments: [id]) else {
            return nil
        }
        let queue: String = row["queue"]
        let status: String = row["status"]
        return ReviewItem(
            id: row["id"],
            externalID: row["external_id"],
            sourceFile: row["source_file"],
            sourceLine: row["source_line"],
            prompt: row["prompt"],
            response: row["response"],
            findings: try findings(db, itemIDs: [id])[id] ?? [],
            policyDigest: row["policy_digest"],
            screenedAt: date(row["screened_at"]),
            queue: ReviewQueue(rawValue: queue) ?? .flagged,
            language: row["language"],
            verdictJSON: row["verdict_json"],
            enqueuedAt: date(row["enqueued_at"]),
            status: ItemStatus(rawValue: status) ?? .pending,
            decisions: try decisions(db, itemID: id),
            lease: lease(in: row, now: now)
        )
    }
}
