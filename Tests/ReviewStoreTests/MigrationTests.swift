import Foundation
import GRDB
import Testing

@testable import ReviewStore

@Suite("Opening and migrating")
struct MigrationTests {
    @Test("an empty file is migrated to the full schema, and reopening changes nothing")
    func emptyFile() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("review.sqlite")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))

        let store = try ReviewStore(path: path)
        let applied = try await store.pool.read { db in try ReviewSchema.migrator.appliedIdentifiers(db) }
        #expect(
            applied == [
                "v1-items-decisions", "v2-annotators-sessions", "v3-lease-index", "v4-queue-status-index",
                "v5-statistics-tables", "v6-finding-trigger-by-item",
            ]
        )
        let journal = try await store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
        _ = try await store.enqueue([Fixture.candidate(line: 1)])

        let reopened = try ReviewStore(path: path)
        #expect(try await reopened.count() == 1)
    }

    @Test("stores opening one new file at once all succeed (switching it to WAL is retried while it is locked)")
    func concurrentFirstOpen() async throws {
        // Without the retry, ten runs of these twenty rounds all failed with "database is locked"; with it, none.
        for _ in 0..<20 {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let path = dir.path("review.sqlite")
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await ReviewStore(path: path).count() }
                }
                for try await count in group {
                    #expect(count == 0)
                }
            }
        }
    }

    @Test("a file that is not SQLite is refused with the path in the message")
    func notADatabase() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("notes.txt")
        try Data(String(repeating: "not a database\n", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ReviewStoreError.self) { try ReviewStore(path: path) }
        #expect(error?.message.contains(path) == true)
    }

    @Test("a missing directory is reported as cannot open, saying what to check")
    func missingDirectory() throws {
        let error = #expect(throws: ReviewStoreError.self) {
            try ReviewStore(path: "/nonexistent-refusald-dir/review.sqlite")
        }
        #expect(error?.code == .cannotOpen)
        #expect(error?.message.contains("directory exists") == true)
    }

    @Test("requiredReviews outside 1...2 is rejected")
    func badConfiguration() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        #expect(throws: ReviewStoreError.self) {
            try ReviewStore(path: dir.path("r.sqlite"), configuration: ReviewStoreConfiguration(requiredReviews: 3))
        }
    }
}
