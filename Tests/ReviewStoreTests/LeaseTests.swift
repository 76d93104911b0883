import Foundation
import Testing

@testable import ReviewStore

@Suite("Leases")
struct LeaseTests {
    @Test("two annotators claiming at once never get the same item, and a lapsed lease frees it")
    func claims() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let clock = TestClock()
        let store = try await Fixture.store(in: dir, clock: clock)
        _ = try await store.enqueue((1...3).map { Fixture.candidate(line: $0) })

        let alice = try #require(try await store.claimNext(annotator: "alice"))
        let bob = try #require(try await store.claimNext(annotator: "bob"))
        #expect(alice.id == 1)
        #expect(bob.id == 2)
        #expect(alice.lease?.annotator == "alice")
        #expect(try await store.claimNext(annotator: "alice")?.id == 1)

        #expect(try await store.acquireLease(itemID: 1, annotator: "bob") == .heldByOther(try #require(alice.lease)))
        let blocked = await #expect(throws: ReviewStoreError.self) {
            try await store.decide(itemID: 1, annotator: "bob", kind: .confirm)
        }
        #expect(blocked?.code == .leaseHeld)
        #expect(blocked?.message.contains("alice") == true)

        clock.advance(by: 301)
        guard case .acquired(let lease) = try await store.acquireLease(itemID: 1, annotator: "bob") else {
            Issue.record("a lapsed lease should be taken over")
            return
        }
        #expect(lease.annotator == "bob")
        _ = try await store.decide(itemID: 1, annotator: "bob", kind: .confirm)
        #expect(try await store.item(id: 1)?.lease == nil)
    }

    @Test("claims respect the filter and run out when everything is decided")
    func filteredClaims() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try await Fixture.store(in: dir)
        _ = try await store.enqueue([
            Fixture.candidate(line: 1),
            Fixture.candidate(line: 2, queue: .audit),
        ])
        let audit = try await store.claimNext(annotator: "alice", filter: ItemFilter(queue: .audit))
        #expect(audit?.id == 2)
        _ = try await store.decide(itemID: 2, annotator: "alice", kind: .confirm)
        #expect(try await store.claimNext(annotator: "alice", filter: ItemFilter(queue: .audit)) == nil)
        try await store.releaseLease(itemID: 1, annotator: "alice")
        #expect(try await store.claimNext(annotator: "alice")?.id == 1)
    }

    @Test("claim order: the item the annotator holds (lapsed or not) first, else the oldest free or lapsed one")
    func claimOrder() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let clock = TestClock()
        let store = try await Fixture.store(in: dir, clock: clock)
        for name in ["carol", "dave", "erin"] { _ = try await store.addAnnotator(name: name) }
        _ = try await store.enqueue(
            (1...5).map { Fixture.candidate(line: $0) } + [Fixture.candidate(line: 6, queue: .audit)]
        )

        #expect(try await store.claimNext(annotator: "alice")?.id == 1)
        #expect(try await store.claimNext(annotator: "bob")?.id == 2)
        #expect(try await store.claimNext(annotator: "carol")?.id == 3)
        #expect(try await store.claimNext(annotator: "alice")?.id == 1, "her own item again, not the next free one")
        _ = try await store.decide(itemID: 1, annotator: "alice", kind: .confirm)
        #expect(try await store.claimNext(annotator: "alice")?.id == 4, "2 and 3 are held by others")
        #expect(try await store.acquireLease(itemID: 5, annotator: "alice") != nil)
        #expect(try await store.claimNext(annotator: "alice")?.id == 4, "of two held items, the older")
        #expect(try await store.claimNext(annotator: "alice", filter: ItemFilter(queue: .audit))?.id == 6)

        clock.advance(by: 301)
        #expect(try await store.claimNext(annotator: "bob")?.id == 2, "his lapsed lease is still his first")
        #expect(try await store.claimNext(annotator: "dave")?.id == 3, "carol's lease lapsed")
        #expect(try await store.claimNext(annotator: "erin")?.id == 4, "alice's lapsed too")
    }

    @Test("two store instances on one file hand out disjoint items under concurrent claims")
    func concurrentClaimsAcrossInstances() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let clock = TestClock()
        let first = try await Fixture.store(in: dir, clock: clock)
        let second = try ReviewStore(path: dir.path("review.sqlite"), now: clock.closure)
        _ = try await first.enqueue((1...40).map { Fixture.candidate(line: $0) })
        let names = (0..<8).map { "reviewer\($0)" }
        for name in names {
            _ = try await first.addAnnotator(name: name)
        }
        let claimed = try await withThrowingTaskGroup(of: Int64?.self) { group in
            for (index, name) in names.enumerated() {
                let store = index.isMultiple(of: 2) ? first : second
                group.addTask { try await store.claimNext(annotator: name)?.id }
            }
            var ids: [Int64] = []
            for try await id in group {
                ids.append(try #require(id))
            }
            return ids
        }
        #expect(claimed.count == 8)
        #expect(Set(claimed).count == 8)
    }
}
