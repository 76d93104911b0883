import Foundation
import GRDB

extension ReviewStore {
    /// Claims the next item `annotator` should review and leases it to them.
    ///
    /// Runs in one immediate transaction, so two annotators (even in two processes) never get the same
    /// item while a lease is live. Candidates are pending items matching `filter` (its status, limit and
    /// offset are ignored) that nobody else holds and that `annotator` has not decided on yet; an item the
    /// annotator already holds comes first, then the oldest.
    /// - Returns: The claimed item with its lease, or nil when nothing is left.
    public func claimNext(annotator: String, filter: ItemFilter = ItemFilter()) async throws -> ReviewItem? {
        let now = nowSeconds
        let expires = now + configuration.leaseDuration
        let sql = FilterSQL(filter, includeStatus: false)
        return try await write { db in
            try Self.requireAnnotator(db, name: annotator)
            let lookups = Self.claimLookups(filterClause: sql.clause)
            let id =
                try Int64.fetchOne(db, sql: lookups.held, arguments: [annotator, annotator] + sql.arguments)
                ?? Int64.fetchOne(db, sql: lookups.free, arguments: [now, annotator] + sql.arguments)
            guard let id else { return nil }
            try db.execute(
                sql: "UPDATE item SET lease_annotator = ?, lease_expires = ? WHERE id = ?",
                arguments: [annotator, expires, id]
            )
            return try Self.item(db, id: id, now: now)
        }
    }

    /// The two lookups of ``claimNext(annotator:filter:)``, each stopping at its first row, both in id order from an
    /// index: the pending item the annotator already holds (arguments: annotator, annotator, the filter's), else
    /// the oldest free one (arguments: now, annotator, the filter's). One query that ordered the candidates by
    /// "held by this annotator" sorted the whole pending queue on every call: 40 ms with 45,000 items pending, most
    /// of the daemon's CPU while a reviewer worked through a large queue.
    static func claimLookups(filterClause: String) -> (held: String, free: String) {
        let undecided = "NOT EXISTS (SELECT 1 FROM decision d WHERE d.item_id = i.id AND d.annotator = ?)"
        return (
            // Named: with a queue filter SQLite would rather walk `item_queue_status` (two equal columns), every
            // pending item of the queue when the annotator holds none.
            held: """
            SELECT i.id FROM item i INDEXED BY item_lease
            WHERE i.lease_annotator = ? AND i.status = 'pending' AND \(undecided) AND \(filterClause)
            ORDER BY i.id LIMIT 1
            """,
            free: """
            SELECT i.id FROM item i
            WHERE i.status = 'pending' AND (i.lease_annotator IS NULL OR i.lease_expires <= ?)
              AND \(undecided) AND \(filterClause)
            ORDER BY i.id LIMIT 1
            """
        )
    }

    /// Takes (or extends) the lease on one item for `annotator`, unless someone else holds a live one.
    /// - Throws: `ReviewStoreError` `.itemNotFound` or `.annotatorNotFound`.
    public func acquireLease(itemID: Int64, annotator: String) async throws -> LeaseOutcome {
        let now = nowSeconds
        let expires = now + configuration.leaseDuration
        return try await write { db in
            try Self.requireAnnotator(db, name: annotator)
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM item WHERE id = ?", arguments: [itemID]) else {
                throw ReviewStoreError(
                    .itemNotFound,
                    "no review item \(itemID); list the queue with `refusald review list` to find its id"
                )
            }
            if let lease = Self.lease(in: row, now: now), lease.annotator != annotator {
                return .heldByOther(lease)
            }
            try db.execute(
                sql: "UPDATE item SET lease_annotator = ?, lease_expires = ? WHERE id = ?",
                arguments: [annotator, expires, itemID]
            )
            return .acquired(Lease(annotator: annotator, expiresAt: Self.date(expires)))
        }
    }

    /// Gives up `annotator`'s lease on an item (skip). Does nothing if they do not hold it.
    public func releaseLease(itemID: Int64, annotator: String) async throws {
        try await write { db in
            try db.execute(
                sql:
                    "UPDATE item SET lease_annotator = NULL, lease_expires = NULL WHERE id = ? AND lease_annotator = ?",
                arguments: [itemID, annotator]
            )
        }
    }
}
