import Foundation
import GRDB
import Testing

@testable import ReviewStore

/// The statistics page's tables (`StatisticsTables`, kept by triggers) checked against the aggregates they replace,
/// recomputed here from every finding, item and decision.
@Suite("Statistics tables")
struct StatisticsTablesTests {
    @Test("rule and category counts, agreement and the audit summary equal a full recount after random work")
    func randomWork() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await Fixture.store(in: dir, requiredReviews: 2)
        var random = XorShift(seed: 0x5EED_CAFE)
        let rules: [(rule: String, category: String?)] = [
            ("violence.a", "violence"), ("violence.b", "violence"), ("fraud.a", "fraud"),
            ("sexual.a", "sexual"), ("refusal.en.sorry", nil), ("refusal.en.cannot", nil),
        ]
        let kinds: [DecisionKind] = [.confirm, .overturn, .escalate]
        var line = 0
        for round in 0..<12 {
            var candidates: [ReviewCandidate] = []
            for _ in 0..<25 {
                line += 1
                // Zero to three findings, sometimes the same rule twice (a prompt and a response hit).
                let findings = (0..<random.below(4)).map { _ in
                    let pick = rules[random.below(rules.count)]
                    return Fixture.finding(category: pick.category, rule: pick.rule)
                }
                // Flagged items have findings; the audit sample is of passes, usually without.
                let queue: ReviewQueue = findings.isEmpty || random.below(5) == 0 ? .audit : .flagged
                candidates.append(Fixture.candidate(line: line, findings: findings, queue: queue))
            }
            _ = try await store.enqueue(candidates)
            for _ in 0..<30 {
                let itemID = Int64(1 + random.below(line))
                let annotator = random.below(2) == 0 ? "alice" : "bob"
                // Some of these are refused (a decided item, the same annotator twice): the counts must not move.
                _ = try? await store.decide(itemID: itemID, annotator: annotator, kind: kinds[random.below(3)])
            }
            if round == 8 {
                // Two annotators agreeing settle an audit item: one correct pass, one miss.
                let audited = try await store.pool.read { db in
                    try Int64.fetchAll(
                        db,
                        sql: "SELECT id FROM item WHERE queue = 'audit' AND status = 'pending' LIMIT 2"
                    )
                }
                for (itemID, kind) in zip(audited, [DecisionKind.confirm, .overturn]) {
                    for annotator in ["alice", "bob"] {
                        _ = try await store.decide(itemID: itemID, annotator: annotator, kind: kind, note: "audit")
                    }
                }
            }
            if round == 5 {
                // Things refusald itself never does but an operator with sqlite3 might.
                try await store.pool.write { db in
                    // Decisions keep their items (no cascade), so only undecided items can go.
                    try db.execute(
                        sql: """
                            DELETE FROM item WHERE id IN (SELECT id FROM item
                                WHERE queue = 'flagged' AND id NOT IN (SELECT item_id FROM decision) LIMIT 3)
                            """
                    )
                    #expect(db.changesCount == 3)
                    try db.execute(sql: "UPDATE item SET queue = 'audit' WHERE id IN (5, 6)")
                    try db.execute(
                        sql: """
                            UPDATE item SET queue = 'flagged'
                            WHERE id IN (SELECT id FROM item WHERE queue = 'audit' LIMIT 2)
                            """
                    )
                }
            }
            try await expectCountsMatchRecount(store, after: "round \(round)")
        }
        // The random work reached every state the tables track.
        let rulesSeen = try await store.rulePrecision()
        #expect(rulesSeen.count == rules.count)
        #expect(rulesSeen.contains { $0.confirmed > 0 } && rulesSeen.contains { $0.overturned > 0 })
        #expect(try await store.agreement().pairs > 3)
        let audit = try await store.auditSummary()
        #expect(audit.correctPasses > 0 && !audit.misses.isEmpty && audit.reviewed < audit.total)
    }

    @Test("a store from before the counters gets them counted from its items when it is opened")
    func migrationCountsExistingItems() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await Fixture.store(in: dir)
        _ = try await store.enqueue(
            (1...6).map { line in
                Fixture.candidate(
                    line: line,
                    findings: [
                        Fixture.finding(category: line.isMultiple(of: 2) ? "violence" : nil, rule: "rule.\(line % 3)"),
                        Fixture.finding(category: "fraud", rule: "rule.\(line % 3)"),
                    ]
                )
            } + [Fixture.candidate(line: 7, findings: [Fixture.finding(category: nil, rule: "refusal.en.sorry")])]
        )
        _ = try await store.decide(itemID: 1, annotator: "alice", kind: .confirm)
        _ = try await store.decide(itemID: 2, annotator: "alice", kind: .overturn)
        _ = try await store.decide(itemID: 2, annotator: "bob", kind: .confirm)
        let before = try await Recount.of(store)
        #expect(before.agreement.pairs == 1)

        // Take the store back to schema v4: no counter tables, no triggers, migration not applied.
        try await store.pool.write { db in
            for trigger in [
                "item_counts_insert", "finding_counts_insert", "item_counts_update", "item_counts_delete",
                "decision_second_annotator",
            ] {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            for table in ["rule_status_count", "category_status_count", "multi_annotator_item"] {
                try db.execute(sql: "DROP TABLE \(table)")
            }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v5-statistics-tables'")
        }
        let reopened = try ReviewStore(path: dir.path("review.sqlite"))
        let rules = try await reopened.rulePrecision()
        let categories = try await reopened.categoryCounts()
        #expect(rules == before.rules)
        #expect(categories == before.categories)
        #expect(categories.map(\.category) == ["fraud", "violence", nil])
        #expect(categories.last?.pending == 1)
        #expect(try await reopened.agreement() == before.agreement)
    }

    @Test("a store with the first findings trigger (v5) gets the one that looks up findings by item, and its counts")
    func findingTriggerUpgrade() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await Fixture.store(in: dir)
        // The trigger as v5 created it, and the store as it was before v6.
        try await store.pool.write { db in
            try db.execute(sql: "DROP TRIGGER finding_counts_insert")
            try db.execute(sql: Self.firstFindingTrigger)
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v6-finding-trigger-by-item'")
        }
        _ = try await store.enqueue([
            Fixture.candidate(
                line: 1,
                findings: [Fixture.finding(), Fixture.finding(category: "fraud", rule: "fraud.b")]
            )
        ])
        let reopened = try ReviewStore(path: dir.path("review.sqlite"))
        let trigger = try await reopened.read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'finding_counts_insert'")
        }
        #expect(trigger?.contains("+f.rule = NEW.rule") == true, "\(trigger ?? "no trigger")")
        _ = try await reopened.enqueue([
            Fixture.candidate(
                line: 2,
                findings: [Fixture.finding(), Fixture.finding(), Fixture.finding(category: nil)]
            )
        ])
        try await expectCountsMatchRecount(reopened, after: "the upgrade")
    }

    /// `finding_counts_insert` as migration v5 first created it.
    private static let firstFindingTrigger = """
        CREATE TRIGGER finding_counts_insert AFTER INSERT ON finding
            WHEN (SELECT queue FROM item WHERE id = NEW.item_id) = 'flagged'
        BEGIN
            INSERT INTO rule_status_count (rule, status, category, n)
                SELECT NEW.rule, i.status, NEW.category,
                    NOT EXISTS (SELECT 1 FROM finding f
                        WHERE f.item_id = NEW.item_id AND f.rule = NEW.rule AND f.position <> NEW.position)
                FROM item i WHERE i.id = NEW.item_id
                ON CONFLICT (rule, status) DO UPDATE SET n = n + excluded.n,
                    category = CASE WHEN category IS NULL THEN excluded.category
                        WHEN excluded.category IS NULL THEN category
                        ELSE MIN(category, excluded.category) END;
            INSERT INTO category_status_count (category, status, n)
                SELECT NEW.category, i.status, 1 FROM item i
                WHERE i.id = NEW.item_id AND NEW.category IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM finding f
                        WHERE f.item_id = NEW.item_id AND f.category = NEW.category AND f.position <> NEW.position)
                ON CONFLICT (category, status) DO UPDATE SET n = n + 1;
            UPDATE category_status_count SET n = n - 1
                WHERE category = '' AND NEW.category IS NOT NULL
                    AND status = (SELECT status FROM item WHERE id = NEW.item_id)
                    AND NOT EXISTS (SELECT 1 FROM finding f
                        WHERE f.item_id = NEW.item_id AND f.category IS NOT NULL AND f.position <> NEW.position);
        END;
        """

    private func expectCountsMatchRecount(
        _ store: ReviewStore,
        after step: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let expected = try await Recount.of(store)
        let rules = try await store.rulePrecision()
        let categories = try await store.categoryCounts()
        #expect(rules == expected.rules, "rule counts after \(step)", sourceLocation: sourceLocation)
        #expect(categories == expected.categories, "category counts after \(step)", sourceLocation: sourceLocation)
        #expect(
            try await store.agreement() == expected.agreement,
            "agreement after \(step)",
            sourceLocation: sourceLocation
        )
        #expect(
            try await store.auditSummary() == expected.audit,
            "audit summary after \(step)",
            sourceLocation: sourceLocation
        )
    }
}

/// The statistics computed the slow way, from every item, finding and decision (the queries the tables and the
/// index-only counts replaced).
private enum Recount {
    static func of(
        _ store: ReviewStore
    ) async throws -> (
        rules: [RulePrecision], categories: [CategoryCounts], agreement: AgreementReport, audit: AuditSummary
    ) {
        try await store.pool.read { db in
            let rules = try Row.fetchAll(
                db,
                sql: """
                    SELECT f.rule, MIN(f.category) AS category,
                        COUNT(DISTINCT CASE WHEN i.status = 'confirmed' THEN i.id END) AS confirmed,
                        COUNT(DISTINCT CASE WHEN i.status = 'overturned' THEN i.id END) AS overturned,
                        COUNT(DISTINCT CASE WHEN i.status = 'escalated' THEN i.id END) AS escalated,
                        COUNT(DISTINCT CASE WHEN i.status = 'pending' THEN i.id END) AS pending
                    FROM finding f JOIN item i ON i.id = f.item_id
                    WHERE i.queue = 'flagged'
                    GROUP BY f.rule
                    ORDER BY COUNT(DISTINCT i.id) DESC, f.rule
                    """
            ).map(ReviewStore.rulePrecision(from:))
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.category, i.status, COUNT(*) AS n
                    FROM item i
                    LEFT JOIN (SELECT DISTINCT item_id, category FROM finding WHERE category IS NOT NULL) c
                        ON c.item_id = i.id
                    WHERE i.queue = 'flagged'
                    GROUP BY c.category, i.status
                    ORDER BY c.category IS NULL, c.category
                    """
            )
            var categories: [CategoryCounts] = []
            for row in rows {
                let category: String? = row["category"]
                if categories.last?.category != category || categories.isEmpty {
                    categories.append(
                        CategoryCounts(category: category, pending: 0, confirmed: 0, overturned: 0, escalated: 0)
                    )
                }
                let n: Int = row["n"]
                switch ItemStatus(rawValue: row["status"]) {
                case .pending: categories[categories.count - 1].pending = n
                case .confirmed: categories[categories.count - 1].confirmed = n
                case .overturned: categories[categories.count - 1].overturned = n
                case .escalated: categories[categories.count - 1].escalated = n
                case nil: Issue.record("unknown status in the item table")
                }
            }
            let decisions = try Row.fetchAll(db, sql: "SELECT * FROM decision ORDER BY item_id, id")
                .map(ReviewStore.decision(from:))
            var audit = AuditSummary(total: 0, reviewed: 0, correctPasses: 0, escalated: 0, misses: [])
            let audited = try Row.fetchAll(
                db,
                sql: """
                    SELECT i.id, i.status,
                        (SELECT d.category FROM decision d WHERE d.item_id = i.id ORDER BY d.id DESC LIMIT 1)
                            AS category,
                        (SELECT d.note FROM decision d WHERE d.item_id = i.id ORDER BY d.id DESC LIMIT 1) AS note,
                        (SELECT MAX(d.id) FROM decision d WHERE d.item_id = i.id) AS last_decision
                    FROM item i WHERE i.queue = 'audit'
                    ORDER BY last_decision, i.id
                    """
            )
            for row in audited {
                audit.total += 1
                let status = ItemStatus(rawValue: row["status"])
                audit.reviewed += status == .pending ? 0 : 1
                audit.correctPasses += status == .confirmed ? 1 : 0
                audit.escalated += status == .escalated ? 1 : 0
                if status == .overturned {
                    audit.misses.append(
                        AuditSummary.Miss(itemID: row["id"], category: row["category"], note: row["note"])
                    )
                }
            }
            return (rules, categories, ReviewStore.agreement(of: decisions), audit)
        }
    }
}

/// A small seeded generator (xorshift64*), so a failing run can be replayed.
private struct XorShift {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func below(_ bound: Int) -> Int {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return Int((state &* 0x2545_F491_4F6C_DD1D) >> 33) % bound
    }
}
