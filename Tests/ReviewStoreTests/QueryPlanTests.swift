import Foundation
import GRDB
import Testing

@testable import ReviewStore

/// What SQLite plans for the queries a review page runs per item. With a queue of 97,000 items, claiming the next
/// item sorted every pending one and listing the categories scanned every finding: 95 % of a core for the daemon
/// while one reviewer worked. These queries must read an index range, whatever the queue's size.
@Suite("Query plans")
struct QueryPlanTests {
    /// The detail lines of SQLite's plan for `sql`.
    private func plan(_ store: ReviewStore, _ sql: String, _ arguments: StatementArguments) async throws -> [String] {
        try await store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] }
        }
    }

    /// Whether a plan scans a whole table or sorts: `SCAN` of a table (a scan of the recursive query's own rows,
    /// `next`, is one row per category) or a temporary B-tree.
    private func readsEverything(_ details: [String]) -> Bool {
        details.contains { $0.contains("TEMP B-TREE") || ($0.hasPrefix("SCAN ") && !$0.hasPrefix("SCAN next")) }
    }

    private func seededStore(_ dir: TemporaryDirectory) async throws -> ReviewStore {
        let store = try await Fixture.store(in: dir)
        let findings = [Fixture.finding(), Fixture.finding(category: "fraud", rule: "fraud.b")]
        _ = try await store.enqueue((1...40).map { Fixture.candidate(line: $0, findings: findings) })
        _ = try await store.claimNext(annotator: "alice")
        return store
    }

    @Test("claiming the next item: the held item by the lease index, else the oldest pending by an index in id order")
    func claimLookups() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await seededStore(dir)
        for filter in [ItemFilter(), ItemFilter(queue: .flagged, language: "en")] {
            let sql = FilterSQL(filter, includeStatus: false)
            let lookups = ReviewStore.claimLookups(filterClause: sql.clause)
            let held = try await plan(store, lookups.held, ["alice", "alice"] + sql.arguments)
            let free = try await plan(store, lookups.free, [0.0, "alice"] + sql.arguments)
            #expect(!readsEverything(held), "\(held)")
            #expect(held.contains { $0.contains("USING INDEX item_lease") }, "\(held)")
            #expect(!readsEverything(free), "\(free)")
            #expect(free.first?.hasPrefix("SEARCH i USING INDEX item_") == true, "\(free)")
        }
    }

    @Test(
        "the statistics trigger looks up a new finding's siblings by item, not by rule or category",
        arguments: [
            StatisticsTables.FindingTerm.rule("?"), StatisticsTables.FindingTerm.category("?"),
            StatisticsTables.FindingTerm.anyCategory,
        ]
    )
    func findingTriggerLookups(term: StatisticsTables.FindingTerm) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await seededStore(dir)
        let sql = StatisticsTables.otherFindings(item: "?", position: "?", having: term)
        let arguments: StatementArguments =
            switch term {
            case .rule, .category: [1, 0, "violence"]
            case .anyCategory: [1, 0]
            }
        let details = try await plan(store, sql, arguments)
        // By the rule or category index, each insert visited every finding of its rule or category in the store.
        #expect(details.count == 1 && details[0].contains("(item_id=?"), "\(details)")
        #expect(!details.contains { $0.contains("finding_rule") || $0.contains("finding_category") }, "\(details)")
        let trigger = try await store.read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'finding_counts_insert'")
        }
        // The store's trigger runs this very look-up, for the new finding.
        let inTrigger: StatisticsTables.FindingTerm =
            switch term {
            case .rule: .rule("NEW.rule")
            case .category: .category("NEW.category")
            case .anyCategory: .anyCategory
            }
        let lookup = StatisticsTables.otherFindings(item: "NEW.item_id", position: "NEW.position", having: inTrigger)
        #expect(trigger?.contains(lookup) == true, "\(trigger ?? "no trigger")")
    }

    @Test("the category list takes one index lookup per category; counting a queue reads only an index")
    func categoriesAndCounts() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await seededStore(dir)
        let categories = try await plan(store, ReviewStore.categoriesSQL, [])
        #expect(!readsEverything(categories), "\(categories)")
        #expect(categories.contains { $0.contains("COVERING INDEX finding_category (category>?)") }, "\(categories)")
        let count = try await plan(store, "SELECT COUNT(*) FROM item i WHERE i.queue = ?", ["flagged"])
        #expect(count.contains { $0.contains("COVERING INDEX item_queue_status") }, "\(count)")
    }

    @Test("agreement reads the decisions of the items two annotators decided, not every decision")
    func agreementDecisions() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await seededStore(dir)
        let details = try await plan(store, ReviewStore.agreementSQL, [])
        #expect(!details.contains { $0.hasPrefix("SCAN d") || $0.contains("TEMP B-TREE") }, "\(details)")
        #expect(details.contains { $0.contains("SEARCH d USING INDEX decision_item (item_id=?)") }, "\(details)")
    }

    @Test("the audit summary counts the sample from an index and looks up decisions only for the misses")
    func auditSummary() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await seededStore(dir)
        let counts = try await plan(
            store,
            "SELECT status, COUNT(*) AS n FROM item WHERE queue = 'audit' GROUP BY status",
            []
        )
        #expect(counts.contains { $0.contains("COVERING INDEX item_queue_status (queue=?)") }, "\(counts)")
        let misses = try await plan(store, ReviewStore.auditMissesSQL, [])
        #expect(misses.first?.contains("INDEX item_queue_status (queue=? AND status=?)") == true, "\(misses)")
        #expect(!misses.contains { $0.hasPrefix("SCAN") }, "\(misses)")
    }
}
