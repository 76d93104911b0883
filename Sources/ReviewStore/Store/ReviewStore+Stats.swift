import Foundation
import GRDB

extension ReviewStore {
    /// Each rule's flagged items by status, and so its precision, most-hit rules first. Reads the counts the
    /// store's triggers keep (`StatisticsTables`), a few rows per rule however long the queue is.
    public func rulePrecision() async throws -> [RulePrecision] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT rule, MIN(category) AS category,
                        SUM(CASE WHEN status = 'confirmed' THEN n ELSE 0 END) AS confirmed,
                        SUM(CASE WHEN status = 'overturned' THEN n ELSE 0 END) AS overturned,
                        SUM(CASE WHEN status = 'escalated' THEN n ELSE 0 END) AS escalated,
                        SUM(CASE WHEN status = 'pending' THEN n ELSE 0 END) AS pending
                    FROM rule_status_count
                    GROUP BY rule
                    HAVING SUM(n) > 0
                    ORDER BY SUM(n) DESC, rule
                    """
            ).map(Self.rulePrecision(from:))
        }
    }

    /// A ``RulePrecision`` from a row with columns `rule`, `category` and one count per status.
    static func rulePrecision(from row: Row) -> RulePrecision {
        RulePrecision(
            rule: row["rule"],
            category: row["category"],
            confirmed: row["confirmed"],
            overturned: row["overturned"],
            escalated: row["escalated"],
            pending: row["pending"]
        )
    }

    /// The categories the queue's findings name, sorted: what a category filter can choose from. Reads one index
    /// entry per category (a loose index scan), so a review page that lists them costs the same however many
    /// items are queued.
    public func categories() async throws -> [String] {
        try await read { db in try String.fetchAll(db, sql: Self.categoriesSQL) }
    }

    /// ``categories()``'s query: the smallest category, then repeatedly the smallest one after it, each one index
    /// lookup in `finding_category`.
    static let categoriesSQL = """
        WITH RECURSIVE next(category) AS (
            SELECT MIN(category) FROM finding WHERE category IS NOT NULL
            UNION ALL
            SELECT (SELECT MIN(category) FROM finding WHERE category > next.category)
            FROM next WHERE next.category IS NOT NULL
        )
        SELECT category FROM next WHERE category IS NOT NULL
        """

    /// Flagged items by category and status; an item with findings in two categories counts in both, and
    /// items whose findings name no category are counted under nil. Reads the counts the store's triggers keep.
    public func categoryCounts() async throws -> [CategoryCounts] {
        try await read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT category, status, n FROM category_status_count
                    WHERE n > 0
                    ORDER BY category = '', category
                    """
            )
            var order: [String?] = []
            var counts: [String?: CategoryCounts] = [:]
            for row in rows {
                let key: String = row["category"]
                let category: String? = key == StatisticsTables.uncategorised ? nil : key
                let status: String = row["status"]
                let n: Int = row["n"]
                if counts[category] == nil {
                    order.append(category)
                    counts[category] = CategoryCounts(
                        category: category,
                        pending: 0,
                        confirmed: 0,
                        overturned: 0,
                        escalated: 0
                    )
                }
                switch ItemStatus(rawValue: status) ?? .pending {
                case .pending: counts[category]?.pending += n
                case .confirmed: counts[category]?.confirmed += n
                case .overturned: counts[category]?.overturned += n
                case .escalated: counts[category]?.escalated += n
                }
            }
            return order.compactMap { counts[$0] }
        }
    }

    /// The audit sample's results: correct passes, escalations and misses (overturned passes). Counts the sample by
    /// status from the `(queue, status)` index and looks up decisions for the misses only.
    public func auditSummary() async throws -> AuditSummary {
        try await read { db in
            var summary = AuditSummary(total: 0, reviewed: 0, correctPasses: 0, escalated: 0, misses: [])
            let counts = try Row.fetchAll(
                db,
                sql: "SELECT status, COUNT(*) AS n FROM item WHERE queue = 'audit' GROUP BY status"
            )
            for row in counts {
                let n: Int = row["n"]
                summary.total += n
                switch ItemStatus(rawValue: row["status"]) ?? .pending {
                case .pending: continue
                case .confirmed: summary.correctPasses += n
                case .escalated: summary.escalated += n
                case .overturned: break
                }
                summary.reviewed += n
            }
            summary.misses = try Row.fetchAll(db, sql: Self.auditMissesSQL).map { row in
                AuditSummary.Miss(itemID: row["id"], category: row["category"], note: row["note"])
            }
            return summary
        }
    }

    /// ``auditSummary()``'s misses: overturned audit items with their latest decision's category and note, newest
    /// decision last.
    static let auditMissesSQL = """
        SELECT i.id,
            (SELECT d.category FROM decision d WHERE d.item_id = i.id ORDER BY d.id DESC LIMIT 1) AS category,
            (SELECT d.note FROM decision d WHERE d.item_id = i.id ORDER BY d.id DESC LIMIT 1) AS note,
            (SELECT MAX(d.id) FROM decision d WHERE d.item_id = i.id) AS last_decision
        FROM item i WHERE i.queue = 'audit' AND i.status = 'overturned'
        ORDER BY last_decision, i.id
        """

    /// Agreement between the first two annotators of every item that two or more decided. Reads only those
    /// items' decisions (the store keeps a table of them).
    public func agreement() async throws -> AgreementReport {
        let history = try await read { db in
            try Row.fetchAll(db, sql: Self.agreementSQL).map(Self.decision(from:))
        }
        return Self.agreement(of: history)
    }

    /// ``agreement()``'s query: the decisions of the items two or more annotators decided, by item. `CROSS JOIN`
    /// fixes the loop order (SQLite otherwise walks every decision in index order to save a sort).
    static let agreementSQL = """
        SELECT d.* FROM multi_annotator_item m CROSS JOIN decision d ON d.item_id = m.item_id
        ORDER BY m.item_id, d.id
        """

    /// Pairs each item's first two annotators (by first decision), using each one's latest decision.
    static func agreement(of history: [Decision]) -> AgreementReport {
        var byItem: [Int64: [Decision]] = [:]
        for decision in history {
            byItem[decision.itemID, default: []].append(decision)
        }
        var pairs: [(DecisionKind, DecisionKind)] = []
        for decisions in byItem.values {
            let annotators = distinct(decisions.sorted { $0.id < $1.id }.map(\.annotator))
            guard annotators.count >= 2 else { continue }
            let latest = annotators.prefix(2).compactMap { name in
                decisions.filter { $0.annotator == name }.max { $0.id < $1.id }?.kind
            }
            pairs.append((latest[0], latest[1]))
        }
        var confusion: [String: Int] = [:]
        for (first, second) in pairs {
            confusion["\(first.rawValue)/\(second.rawValue)", default: 0] += 1
        }
        let agreeing = pairs.filter { $0.0 == $0.1 }.count
        var kappa: Double?
        if !pairs.isEmpty {
            let n = Double(pairs.count)
            let observed = Double(agreeing) / n
            let expected = DecisionKind.allCases.reduce(0.0) { sum, kind in
                let first = Double(pairs.filter { $0.0 == kind }.count) / n
                let second = Double(pairs.filter { $0.1 == kind }.count) / n
                return sum + first * second
            }
            if expected < 1 {
                kappa = (observed - expected) / (1 - expected)
            }
        }
        return AgreementReport(pairs: pairs.count, agreeing: agreeing, confusion: confusion, cohensKappa: kappa)
    }
}
