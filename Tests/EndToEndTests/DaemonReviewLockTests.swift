import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Another program holds the review database locked while flagged items are screened: the
/// daemon waits and retries, says so, never commits a verdict file whose items are not queued,
/// and once the lock is gone every flagged item is queued exactly once beside an intact verdict file.
@Suite(
    "refusald run: review database locked by another process (built binary)",
    .timeLimit(.minutes(3)),
    .enabled(if: FaultInjection.sqlite3 != nil, "needs the sqlite3 shell (apt-get install sqlite3)")
)
struct DaemonReviewLockTests {
    @Test("BEGIN EXCLUSIVE held past the store's retries: file retried, then queued and committed exactly once")
    func lockedPastRetries() async throws {
        let root = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let socket = try DaemonNotifySocket(path: root.appendingPathComponent("notify.sock").path)
        defer { socket.close() }
        let daemon = try DaemonProcess(
            stateDirectory: DaemonProcess.stateDirectory(in: root),
            arguments: ["--no-prefilter", "--review-sample-rate", "0"],
            environment: ["NOTIFY_SOCKET": socket.path]
        )
        defer { daemon.kill() }
        try await daemon.waitUntilReady()
        let database = daemon.stateDirectory.appendingPathComponent("review.sqlite")

        let lock = try await SQLiteLockHolder(database: database)
        defer { lock.release() }
        let locked = ContinuousClock.now
        try daemon.drop("locked.jsonl", daemonTestItems(prefix: "lk", count: 20))

        // The write waits for the lock, and the daemon says so.
        #expect(
            await daemon.waitForLog("review queue write is waiting for the database"),
            "no warning about the locked database; log:\n\(daemon.log)"
        )
        #expect(try await daemon.metric("refusald_review_queue_lock_waits_total") ?? 0 >= 1)

        // The store's own retries (busy timeout 5 s, 6 tries) run out: the file fails and is
        // retried; meanwhile no verdict file is committed, the input stays claimed.
        let failure = "file failed; it stays in work/ and will be tried again"
        let verdictFile = daemon.outbox.appendingPathComponent("locked.verdicts.jsonl")
        let failed = await DaemonProcess.poll(timeout: .seconds(60), every: .milliseconds(100)) {
            #expect(
                !FileManager.default.fileExists(atPath: verdictFile.path),
                "verdicts committed before their queue entries"
            )
            return !failures(of: "locked.jsonl", in: daemon.log, marker: failure).isEmpty || !daemon.process.isRunning
        }
        try #require(failed, "locked.jsonl did not fail while the database stayed locked; log:\n\(daemon.log)")
        let failedLine = failures(of: "locked.jsonl", in: daemon.log, marker: failure)[0]
        #expect(failedLine.contains("stayed locked") && failedLine.contains("review.sqlite"), "\(failedLine)")
        #expect(ContinuousClock.now - locked > .seconds(20), "the store gave up before its busy retries ran out")
        #expect(FileManager.default.fileExists(atPath: daemon.work.appendingPathComponent("locked.jsonl").path))
        #expect(DaemonProcess.names(in: daemon.outbox).isEmpty)
        #expect(try await daemon.metric("refusald_review_queue_errors_total") ?? 0 >= 1)
        #expect(try await daemon.metric("refusald_files_failing") == 1)
        let statusShowsFault = await DaemonProcess.poll(timeout: .seconds(5)) {
            socket.messages.flatMap(\.assignments).contains { line in
                line.hasPrefix("STATUS=") && line.contains("1 failing") && line.contains("locked.jsonl")
                    && line.contains("stayed locked")
            }
        }
        #expect(statusShowsFault, "STATUS= names the file and the lock: \(socket.messages.map(\.text).suffix(5))")

        // The lock goes away: the retry queues the items and commits the verdicts, once.
        lock.release()
        let verdicts = try await daemon.verdicts(for: "locked.jsonl", timeout: .seconds(60))
        #expect(verdicts.compactMap { $0["id"] as? String } == (0..<20).map { "lk-\($0)" }, "intact, in order")
        let flagged = verdicts.filter { $0["verdict"] as? String == "flag" }.compactMap { $0["id"] as? String }
        #expect(flagged == ["lk-0", "lk-5", "lk-10", "lk-15"])
        // The verdict file is renamed into outbox/ before the input moves to done/ and the log line is written.
        await DaemonProcess.poll(timeout: .seconds(10)) {
            !daemon.screenedLines(for: "locked.jsonl").isEmpty
                && DaemonProcess.names(in: daemon.done) == ["locked.jsonl"]
        }
        #expect(daemon.screenedLines(for: "locked.jsonl").count == 1, "committed exactly once")
        #expect(DaemonProcess.names(in: daemon.done) == ["locked.jsonl"])
        #expect(DaemonProcess.names(in: daemon.work, hidden: true).isEmpty)
        #expect(DaemonProcess.names(in: daemon.outbox, hidden: true) == ["locked.verdicts.jsonl"])
        let queued = try FaultInjection.sqlite(database, "SELECT external_id FROM item ORDER BY id")
        #expect(
            queued.output.split(separator: "\n").map(String.init) == flagged,
            "every flagged item queued exactly once: \(queued.output)"
        )
        #expect(try await daemon.metric("refusald_files_failing") == 0)
        #expect(await daemon.stop() == 0)
    }
}
