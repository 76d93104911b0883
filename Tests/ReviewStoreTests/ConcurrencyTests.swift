import Foundation
import GRDB
import Testing

@testable import ReviewStore

@Suite("Concurrent writers")
struct ConcurrencyTests {
    @Test("a daemon-like writer and a review-server-like writer on one file lose nothing")
    func twoInstances() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("review.sqlite")
        let daemon = try await Fixture.store(in: dir)
        let server = try ReviewStore(path: path)
        _ = try await daemon.enqueue((1...50).map { Fixture.candidate(line: $0, file: "seed.jsonl") })

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for batch in 0..<20 {
                    let lines = (0..<10).map { Fixture.candidate(line: batch * 10 + $0, file: "inbox.jsonl") }
                    _ = try await daemon.enqueue(lines)
                    _ = try await daemon.enqueue(lines)
                }
            }
            group.addTask {
                for id in Int64(1)...50 {
                    let name = id.isMultiple(of: 2) ? "alice" : "bob"
                    _ = try await server.decide(itemID: id, annotator: name, kind: .confirm)
                }
            }
            group.addTask {
                for _ in 0..<50 {
                    _ = try await server.list(ItemFilter(status: .pending, limit: 20))
                }
            }
            try await group.waitForAll()
        }

        #expect(try await daemon.count() == 250)
        #expect(try await server.count(ItemFilter(status: .confirmed)) == 50)
        let decisions = try await server.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM decision") }
        #expect(decisions == 50)
    }

    @Test("a writer blocked by a long transaction elsewhere waits and then succeeds")
    func busyIsRetried() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("review.sqlite")
        let store = try await Fixture.store(in: dir)
        let blocker = try DatabaseQueue(path: path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await blocker.writeWithoutTransaction { db in
                    try db.execute(sql: "BEGIN IMMEDIATE")
                    Thread.sleep(forTimeInterval: 0.5)
                    try db.execute(sql: "COMMIT")
                }
            }
            try await Task.sleep(for: .milliseconds(100))
            group.addTask {
                _ = try await store.enqueue([Fixture.candidate(line: 1)])
            }
            try await group.waitForAll()
        }
        #expect(try await store.count() == 1)
    }

    @Test("a lock held past the timeout and every retry is reported as busy, naming the file")
    func busyGivesUp() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("review.sqlite")
        _ = try ReviewStore(path: path)
        let impatient = try ReviewStore(
            path: path,
            configuration: ReviewStoreConfiguration(busyTimeout: 0.05, busyRetries: 1)
        )
        let blocker = try DatabaseQueue(path: path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await blocker.writeWithoutTransaction { db in
                    try db.execute(sql: "BEGIN IMMEDIATE")
                    Thread.sleep(forTimeInterval: 1.5)
                    try db.execute(sql: "COMMIT")
                }
            }
            try await Task.sleep(for: .milliseconds(200))
            let error = await #expect(throws: ReviewStoreError.self) {
                try await impatient.enqueue([Fixture.candidate(line: 1)])
            }
            #expect(error?.code == .busy)
            #expect(error?.message.contains(path) == true)
            try await group.waitForAll()
        }
    }
}
