import Foundation
import GRDB
import Testing

@testable import ReviewStore

@Suite("Decisions")
struct DecisionTests {
    @Test("a later decision supersedes an earlier one and the history keeps both")
    func supersede() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let clock = TestClock()
        let store = try await Fixture.store(in: dir, clock: clock)
        _ = try await store.enqueue([Fixture.candidate(line: 1)])

        let first = try await store.decide(itemID: 1, annotator: "alice", kind: .confirm, note: "clear case")
        #expect(first.status == .confirmed)
        clock.advance(by: 30)
        let second = try await store.decide(
            itemID: 1,
            annotator: "bob",
            kind: .overturn,
            category: "  weapons ",
            note: "it's about a video game"
        )
        #expect(second.status == .overturned)
        #expect(second.reviewers == 2)

        let item = try #require(try await store.item(id: 1))
        #expect(item.status == .overturned)
        #expect(item.decisions.map(\.kind) == [.confirm, .overturn])
        #expect(item.decisions.map(\.annotator) == ["alice", "bob"])
        #expect(item.decisions[1].category == "weapons")
        #expect(item.decisions[1].decidedAt == item.decisions[0].decidedAt.addingTimeInterval(30))
    }

    @Test("the decision table is append-only at the SQLite level")
    func appendOnly() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await Fixture.store(in: dir)
        _ = try await store.enqueue([Fixture.candidate(line: 1)])
        _ = try await store.decide(itemID: 1, annotator: "alice", kind: .confirm)
        await #expect(throws: (any Error).self) {
            try await store.pool.write { db in try db.execute(sql: "UPDATE decision SET kind = 'overturn'") }
        }
        await #expect(throws: (any Error).self) {
            try await store.pool.write { db in try db.execute(sql: "DELETE FROM decision") }
        }
        #expect(try await store.item(id: 1)?.decisions.count == 1)
    }

    @Test("unknown items and annotators and bad categories are refused with a way out")
    func refusals() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await Fixture.store(in: dir)
        _ = try await store.enqueue([Fixture.candidate(line: 1)])

        let missing = await #expect(throws: ReviewStoreError.self) {
            try await store.decide(itemID: 42, annotator: "alice", kind: .confirm)
        }
        #expect(missing?.code == .itemNotFound)
        #expect(missing?.message.contains("refusald review list") == true)

        let stranger = await #expect(throws: ReviewStoreError.self) {
            try await store.decide(itemID: 1, annotator: "mallory", kind: .confirm)
        }
        #expect(stranger?.code == .annotatorNotFound)
        #expect(stranger?.message.contains("refusald annotator add mallory") == true)

        let category = await #expect(throws: ReviewStoreError.self) {
            try await store.decide(itemID: 1, annotator: "alice", kind: .overturn, category: "<script>")
        }
        #expect(category?.code == .invalidInput)
    }

    @Test("with two required reviews an item waits for a second annotator, and disagreement escalates")
    func twoReviews() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await Fixture.store(in: dir, requiredReviews: 2)
        _ = try await store.addAnnotator(name: "carol")
        _ = try await store.enqueue((1...3).map { Fixture.candidate(line: $0) })

        #expect(try await store.decide(itemID: 1, annotator: "alice", kind: .confirm).status == .pending)
        #expect(try await store.decide(itemID: 1, annotator: "alice", kind: .confirm).status == .pending)
        #expect(try await store.decide(itemID: 1, annotator: "bob", kind: .confirm).status == .confirmed)

        #expect(try await store.decide(itemID: 2, annotator: "alice", kind: .confirm).status == .pending)
        #expect(try await store.decide(itemID: 2, annotator: "bob", kind: .overturn).status == .escalated)
        #expect(try await store.decide(itemID: 2, annotator: "bob", kind: .confirm).status == .confirmed)

        _ = try await store.decide(itemID: 3, annotator: "carol", kind: .overturn)
        // Item 3 still waits for a second annotator, but not for carol, who decided it already.
        #expect(try await store.claimNext(annotator: "carol") == nil)
        #expect(try await store.claimNext(annotator: "alice")?.id == 3)
        _ = try await store.decide(itemID: 3, annotator: "alice", kind: .overturn)

        let report = try await store.agreement()
        #expect(report.pairs == 3)
        #expect(report.agreeing == 3)
        #expect(report.percentAgreement == 1)
    }

    @Test("Cohen's kappa matches a hand-computed table")
    func kappa() {
        // 10 pairs: 4 confirm/confirm, 3 overturn/overturn, 2 confirm/overturn, 1 overturn/confirm.
        // po = 0.7; first: confirm 0.6, overturn 0.4; second: confirm 0.5, overturn 0.5; pe = 0.5; kappa = 0.4.
        var history: [Decision] = []
        let labels: [(DecisionKind, DecisionKind)] =
            Array(repeating: (.confirm, .confirm), count: 4) + Array(repeating: (.overturn, .overturn), count: 3)
            + Array(repeating: (.confirm, .overturn), count: 2) + [(.overturn, .confirm)]
        var id: Int64 = 0
        for (item, pair) in labels.enumerated() {
            for (annotator, kind) in [("a", pair.0), ("b", pair.1)] {
                id += 1
                history.append(
                    Decision(
                        id: id,
                        itemID: Int64(item),
                        annotator: annotator,
                        kind: kind,
                        category: nil,
                        note: nil,
                        decidedAt: Date()
                    )
                )
            }
        }
        let report = ReviewStore.agreement(of: history)
        #expect(report.pairs == 10)
        #expect(report.percentAgreement == 0.7)
        #expect(abs((report.cohensKappa ?? 0) - 0.4) < 1e-9)
        #expect(report.confusion["confirm/overturn"] == 2)
    }
}
