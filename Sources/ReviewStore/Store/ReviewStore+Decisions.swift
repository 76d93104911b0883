import Foundation
import GRDB

extension ReviewStore {
    /// Records a decision. Decisions are appended, never changed: the item's status is re-derived from the
    /// whole history, and the deciding annotator's lease on the item is released.
    /// - Parameters:
    ///   - itemID: The store's item id.
    ///   - annotator: The name of a registered annotator.
    ///   - kind: Confirm, overturn or escalate.
    ///   - category: A corrected category (`[a-z0-9_]+`), mainly for overturns and audit misses.
    ///   - note: A free-text note (at most 4000 characters).
    /// - Returns: The stored decision and the item's new status.
    /// - Throws: `ReviewStoreError` `.itemNotFound`, `.annotatorNotFound`, `.leaseHeld` (another annotator
    ///   is reviewing the item right now) or `.invalidInput`.
    public func decide(
        itemID: Int64,
        annotator: String,
        kind: DecisionKind,
        category: String? = nil,
        note: String? = nil
    ) async throws -> DecisionOutcome {
        let category = try Self.normalizedCategory(category)
        let note = try Self.normalizedNote(note)
        let now = nowSeconds
        let required = configuration.requiredReviews
        return try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM item WHERE id = ?", arguments: [itemID]) else {
                throw ReviewStoreError(
                    .itemNotFound,
                    "no review item \(itemID); list the queue with `refusald review list` to find its id"
                )
            }
            try Self.requireAnnotator(db, name: annotator)
            if let lease = Self.lease(in: row, now: now), lease.annotator != annotator {
                throw ReviewStoreError(
                    .leaseHeld,
                    "item \(itemID) is being reviewed by \(lease.annotator) until \(lease.expiresAt); "
                        + "take another item, or retry after the lease lapses"
                )
            }
            try db.execute(
                sql: """
                    INSERT INTO decision (item_id, annotator, kind, category, note, decided_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [itemID, annotator, kind.rawValue, category, note, now]
            )
            let stored = Decision(
                id: db.lastInsertedRowID,
                itemID: itemID,
                annotator: annotator,
                kind: kind,
                category: category,
                note: note,
                decidedAt: Self.date(now)
            )
            let history = try Self.decisions(db, itemID: itemID)
            let status = Self.status(of: history, requiredReviews: required)
            try db.execute(
                sql: """
                    UPDATE item SET status = ?,
                        lease_annotator = CASE WHEN lease_annotator = ? THEN NULL ELSE lease_annotator END,
                        lease_expires = CASE WHEN lease_annotator = ? THEN NULL ELSE lease_expires END
                    WHERE id = ?
                    """,
                arguments: [status.rawValue, annotator, annotator, itemID]
            )
            let reviewers = Set(history.map(\.annotator)).count
            return DecisionOutcome(decision: stored, status: status, reviewers: reviewers)
        }
    }

    /// The status a decision history implies.
    ///
    /// With one required review the latest decision wins. With two, each annotator's latest decision
    /// counts once; the item stays pending until two annotators decided, then takes their common decision,
    /// or becomes `escalated` when they disagree (either of them can settle it by deciding again).
    static func status(of history: [Decision], requiredReviews: Int) -> ItemStatus {
        guard let latest = history.max(by: { $0.id < $1.id }) else { return .pending }
        if requiredReviews <= 1 {
            return latest.kind.status
        }
        var latestByAnnotator: [String: Decision] = [:]
        for decision in history where decision.id > (latestByAnnotator[decision.annotator]?.id ?? .min) {
            latestByAnnotator[decision.annotator] = decision
        }
        guard latestByAnnotator.count >= requiredReviews else { return .pending }
        let kinds = Set(latestByAnnotator.values.map(\.kind))
        return kinds.count == 1 ? latest.kind.status : .escalated
    }

    static func requireAnnotator(_ db: Database, name: String) throws {
        let exists =
            try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS (SELECT 1 FROM annotator WHERE name = ?)",
                arguments: [name]
            ) ?? false
        if !exists {
            throw ReviewStoreError(
                .annotatorNotFound,
                "no annotator named \"\(name)\"; add one with `refusald annotator add \(name)` or check "
                    + "`refusald annotator list`"
            )
        }
    }

    static func normalizedCategory(_ category: String?) throws -> String? {
        guard let trimmed = category?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else {
            return nil
        }
        let allowed = trimmed.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
        }
        guard allowed, trimmed.count <= 64 else {
            throw ReviewStoreError(
                .invalidInput,
                "category \"\(trimmed.prefix(64))\" is not a policy category name; use lowercase letters, "
                    + "digits and underscores (e.g. violence, financial_advice)"
            )
        }
        return trimmed
    }

    static func normalizedNote(_ note: String?) throws -> String? {
        guard let trimmed = note?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else {
            return nil
        }
        guard trimmed.count <= 4000 else {
            throw ReviewStoreError(
                .invalidInput,
                "the note has \(trimmed.count) characters; shorten it to at most 4000"
            )
        }
        return trimmed
    }
}
