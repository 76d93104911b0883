import Foundation
import Testing

@testable import ReviewStore

@Suite("Statistics and export")
struct StatsTests {
    /// Items: 1-3 rule A (violence), 4 rule B (fraud), 5 over-refusal, 6-7 audit.
    private func seeded(_ dir: TemporaryDirectory) async throws -> ReviewStore {
        let store = try await Fixture.store(in: dir)
        let ruleA = Fixture.finding(rule: "violence.a")
        let ruleB = Fixture.finding(kind: "disallowed_content", category: "fraud", rule: "fraud.b")
        let refusal = Fixture.finding(kind: "over_refusal", category: nil, rule: "refusal.en.sorry")
        _ = try await store.enqueue(
            (1...3).map { Fixture.candidate(line: $0, findings: [ruleA]) } + [
                Fixture.candidate(line: 4, findings: [ruleB]),
                Fixture.candidate(line: 5, findings: [refusal]),
                Fixture.candidate(line: 6, queue: .audit),
                Fixture.candidate(line: 7, queue: .audit),
            ]
        )
        _ = try await store.decide(itemID: 1, annotator: "alice", kind: .confirm)
        _ = try await store.decide(itemID: 2, annotator: "alice", kind: .confirm)
        _ = try await store.decide(itemID: 3, annotator: "alice", kind: .overturn, category: "gaming")
        _ = try await store.decide(itemID: 4, annotator: "bob", kind: .escalate, note: "unsure")
        _ = try await store.decide(itemID: 6, annotator: "bob", kind: .overturn, category: "fraud", note: "missed scam")
        _ = try await store.decide(itemID: 7, annotator: "bob", kind: .confirm)
        return store
    }

    @Test("per-rule precision is confirmed / (confirmed + overturned)")
    func precision() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await seeded(dir)
        let rules = try await store.rulePrecision()
        let ruleA = try #require(rules.first { $0.rule == "violence.a" })
        #expect(ruleA.confirmed == 2)
        #expect(ruleA.overturned == 1)
        #expect(abs((ruleA.precision ?? 0) - 2.0 / 3.0) < 1e-9)
        let ruleB = try #require(rules.first { $0.rule == "fraud.b" })
        #expect(ruleB.escalated == 1)
        #expect(ruleB.precision == nil)
        #expect(rules.first?.rule == "violence.a")
    }

    @Test("category counts split the flagged queue by status, with uncategorised items apart")
    func categories() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await seeded(dir)
        let counts = try await store.categoryCounts()
        #expect(counts.map(\.category) == ["fraud", "violence", nil])
        let violence = try #require(counts.first { $0.category == "violence" })
        #expect(violence.confirmed == 2)
        #expect(violence.overturned == 1)
        #expect(violence.pending == 0)
        #expect(counts.last?.pending == 1)
    }

    @Test("the category list is the categories the findings name, sorted, as category counts give them")
    func categoryList() async throws {
        let emptyDir = try TemporaryDirectory()
        defer { emptyDir.remove() }
        #expect(try await Fixture.store(in: emptyDir).categories() == [])
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await seeded(dir)
        let categories = try await store.categories()
        #expect(categories == ["fraud", "violence"])
        #expect(categories == (try await store.categoryCounts()).compactMap(\.category))
    }

    @Test("audit results count overturned passes as misses")
    func audit() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await seeded(dir)
        let audit = try await store.auditSummary()
        #expect(audit.total == 2)
        #expect(audit.reviewed == 2)
        #expect(audit.correctPasses == 1)
        #expect(audit.misses == [AuditSummary.Miss(itemID: 6, category: "fraud", note: "missed scam")])
        #expect(audit.missRate == 0.5)
    }

    @Test("export rows carry final labels, annotators, rules and a corpus-shaped label, as JSON")
    func export() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await seeded(dir)
        #expect(try await store.exportRows(.confirmed).map(\.reviewID) == [1, 2, 7])
        #expect(try await store.exportRows(.overturned).map(\.reviewID) == [3, 6])
        let all = try await store.exportRows(.all)
        #expect(all.map(\.reviewID) == [1, 2, 3, 4, 6, 7])

        let confirmed = all[0]
        #expect(confirmed.finalLabel == .confirmed)
        #expect(confirmed.annotators == ["alice"])
        #expect(confirmed.rules == ["violence.a"])
        #expect(
            confirmed.label
                == ExportLabel(shouldRefuse: true, refused: false, category: "violence", contentHarmful: nil)
        )
        let overturned = all[2]
        #expect(overturned.label.shouldRefuse == false)
        #expect(overturned.label.category == "gaming")

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let line = String(decoding: try encoder.encode(confirmed), as: UTF8.self)
        #expect(line.contains(#""final_label":"confirmed""#))
        #expect(
            line.contains(
                #""label":{"category":"violence","content_harmful":null,"refused":false,"should_refuse":true}"#
            )
        )
        #expect(line.contains(#""source":{"file":"batch.jsonl","line":1}"#))
        #expect(line.contains(#""screened_at":"2026-09-21T"#))
        let decoded = try JSONDecoder().decode(ExportRow.self, from: Data(line.utf8))
        #expect(decoded == confirmed)
    }
}
