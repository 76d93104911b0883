import Foundation
import GRDB

extension ReviewStore {
    /// The queue, oldest first, narrowed by `filter`.
    public func list(_ filter: ItemFilter = ItemFilter()) async throws -> [ItemSummary] {
        let sql = FilterSQL(filter)
        let limit = min(max(filter.limit, 1), 1000)
        let offset = max(filter.offset, 0)
        let now = nowSeconds
        return try await read { db in
            var arguments = sql.arguments
            arguments += [limit, offset]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT i.id, i.external_id, i.source_file, i.source_line, i.queue, i.status, i.language,
                        substr(i.prompt, 1, 120) AS preview, i.lease_annotator, i.lease_expires, i.enqueued_at,
                        (SELECT COUNT(*) FROM decision d WHERE d.item_id = i.id) AS decision_count
                    FROM item i WHERE \(sql.clause)
                    ORDER BY i.id LIMIT ? OFFSET ?
                    """,
                arguments: arguments
            )
            let findings = try Self.findings(db, itemIDs: rows.map { $0["id"] })
            return rows.map { row in
                let id: Int64 = row["id"]
                let itemFindings = findings[id] ?? []
                let queue: String = row["queue"]
                let status: String = row["status"]
                return ItemSummary(
                    id: id,
                    externalID: row["external_id"],
                    sourceFile: row["source_file"],
                    sourceLine: row["source_line"],
                    queue: ReviewQueue(rawValue: queue) ?? .flagged,
                    status: ItemStatus(rawValue: status) ?? .pending,
                    language: row["language"],
                    kinds: Self.distinct(itemFindings.map(\.kind)),
                    categories: Self.distinct(itemFindings.compactMap(\.category)),
                    rules: Self.distinct(itemFindings.map(\.rule)),
                    promptPreview: row["preview"],
                    decisionCount: row["decision_count"],
                    lease: Self.lease(in: row, now: now),
                    enqueuedAt: Self.date(row["enqueued_at"])
                )
            }
        }
    }

    /// How many items match `filter` (its limit and offset are ignored).
    public func count(_ filter: ItemFilter = ItemFilter()) async throws -> Int {
        let sql = FilterSQL(filter)
        return try await read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item i WHERE \(sql.clause)", arguments: sql.arguments) ?? 0
        }
    }

    /// One item with its findings, decision history and live lease, or nil if there is no such id.
    public func item(id: Int64) async throws -> ReviewItem? {
        let now = nowSeconds
        return try await read { db in try Self.item(db, id: id, now: now) }
    }

    /// The neighbours of `id` among the items matching `filter`, for moving through the queue.
    public func neighbors(of id: Int64, filter: ItemFilter = ItemFilter()) async throws -> ItemNeighbors {
        let sql = FilterSQL(filter)
        return try await read { db in
            let previous = try Int64.fetchOne(
                db,
                sql: "SELECT MAX(i.id) FROM item i WHERE i.id < ? AND \(sql.clause)",
                arguments: [id] + sql.arguments
            )
            let next = try Int64.fetchOne(
                db,
                sql: "SELECT MIN(i.id) FROM item i WHERE i.id > ? AND \(sql.clause)",
                arguments: [id] + sql.arguments
            )
            return ItemNeighbors(previous: previous, next: next)
        }
    }

    static func distinct(_ values: [String]) -> [String] {
        var seen: [String] = []
        for value in values where !seen.contains(value) {
            seen.append(value)
        }
        return seen
    }
}
