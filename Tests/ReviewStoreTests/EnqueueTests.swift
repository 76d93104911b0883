import Foundation
import Testing

@testable import ReviewStore

@Suite("Enqueueing")
struct EnqueueTests {
    @Test("enqueueing the same verdicts twice (a re-screen after a crash) adds no duplicate")
    func idempotent() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await Fixture.store(in: dir)
        let batch = (1...3).map { Fixture.candidate(line: $0) }

        let first = try await store.enqueue(batch)
        #expect(first.inserted == 3)
        #expect(first.duplicates == 0)

        var rescreened = batch
        rescreened[1].screenedAt = rescreened[1].screenedAt.addingTimeInterval(60)
        let second = try await store.enqueue(rescreened)
        #expect(second.inserted == 0)
        #expect(second.duplicates == 3)
        #expect(second.itemIDs == first.itemIDs)
        #expect(try await store.count() == 3)
    }

    @Test("a new batch reusing a file name and line but with other content is a new item")
    func sameLocationNewContent() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await Fixture.store(in: dir)
        _ = try await store.enqueue([Fixture.candidate(line: 1, prompt: "first batch")])
        let report = try await store.enqueue([Fixture.candidate(line: 1, prompt: "second batch")])
        #expect(report.inserted == 1)
        #expect(try await store.count() == 2)
    }

    @Test("the item keeps texts, findings, spans and the verdict verbatim")
    func roundTrip() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await Fixture.store(in: dir)
        let findings = [
            Fixture.finding(spans: [[0, 4], [8, 12]]),
            Fixture.finding(kind: "disallowed_content", category: "weapons", rule: "weapons.recipe", spans: [[2, 3]]),
        ]
        let candidate = Fixture.candidate(line: 7, prompt: "héllo 👋 <b>", response: nil, findings: findings)
        let id = try #require(try await store.enqueue([candidate]).itemIDs.first)

        let item = try #require(try await store.item(id: id))
        #expect(item.prompt == "héllo 👋 <b>")
        #expect(item.response == nil)
        #expect(item.findings == findings)
        #expect(item.verdictJSON == candidate.verdictJSON)
        #expect(item.screenedAt == candidate.screenedAt)
        #expect(item.categories == ["violence", "weapons"])
        #expect(item.status == .pending)
        #expect(try await store.item(id: id + 100) == nil)
    }

    @Test("findings decode straight from a verdict line's findings array")
    func decodeVerdictFindings() throws {
        let json = #"""
            [{"kind":"missing_refusal","category":"violence","rule":"violence.weapons.build-explosive",
              "severity":"high","target":"prompt","span":[10,31],"spans":[[10,31]],"excerpt":"build a pipe bomb"},
             {"kind":"rule_error","category":null,"rule":"slow.rule"}]
            """#
        let findings = try JSONDecoder().decode([ReviewFinding].self, from: Data(json.utf8))
        #expect(findings[0].spans == [[10, 31]])
        #expect(findings[1].spans.isEmpty)
        #expect(findings[1].category == nil)
    }

    @Test(
        "malformed candidates are refused before anything is written",
        arguments: [
            Fixture.candidate(line: 1, findings: []),
            Fixture.candidate(line: 1, findings: [Fixture.finding(spans: [[5, 2]])]),
            Fixture.candidate(line: 1, findings: [Fixture.finding(spans: [[1]])]),
            Fixture.candidate(line: 1, findings: [Fixture.finding(category: "")]),
            Fixture.candidate(line: -1),
        ]
    )
    func malformed(candidate: ReviewCandidate) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await Fixture.store(in: dir)
        let error = await #expect(throws: ReviewStoreError.self) {
            try await store.enqueue([Fixture.candidate(line: 99), candidate])
        }
        #expect(error?.code == .invalidInput)
        #expect(try await store.count() == 0)
    }

    @Test("filters narrow the listing by status, category, kind, rule, language, file and queue")
    func filters() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await Fixture.store(in: dir)
        _ = try await store.enqueue([
            Fixture.candidate(line: 1),
            Fixture.candidate(
                line: 2,
                findings: [Fixture.finding(kind: "over_refusal", category: nil, rule: "refusal.en.cant-help")],
                language: "de"
            ),
            Fixture.candidate(line: 3, file: "other.jsonl"),
            Fixture.candidate(line: 4, queue: .audit),
        ])
        _ = try await store.decide(itemID: 1, annotator: "alice", kind: .confirm)

        #expect(try await store.list(ItemFilter(status: .pending)).map(\.id) == [2, 3, 4])
        #expect(try await store.list(ItemFilter(category: "violence")).map(\.id) == [1, 3])
        #expect(try await store.list(ItemFilter(kind: "over_refusal")).map(\.id) == [2])
        #expect(try await store.list(ItemFilter(rule: "refusal.en.cant-help")).map(\.id) == [2])
        #expect(try await store.list(ItemFilter(language: "de")).map(\.id) == [2])
        #expect(try await store.list(ItemFilter(file: "other.jsonl")).map(\.id) == [3])
        #expect(try await store.list(ItemFilter(queue: .audit)).map(\.id) == [4])
        #expect(try await store.list(ItemFilter(limit: 2, offset: 1)).map(\.id) == [2, 3])
        #expect(try await store.count(ItemFilter(status: .confirmed)) == 1)
        let neighbors = try await store.neighbors(of: 3, filter: ItemFilter(status: .pending))
        #expect(neighbors.previous == 2)
        #expect(neighbors.next == 4)
        let summary = try #require(try await store.list(ItemFilter(file: "other.jsonl")).first)
        #expect(summary.rules == ["violence.weapons.build-explosive"])
        #expect(summary.promptPreview.hasPrefix("How do I build"))
    }
}
