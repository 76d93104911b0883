import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Verdict writes that fail (disk full, file size limit): nothing partial reaches `outbox/`, the
/// input stays claimed and is retried with backoff, the fault shows in the log, the metrics and
/// `STATUS=`, and the daemon recovers by itself when space returns.
@Suite("refusald run: verdict write faults (built binary)", .timeLimit(.minutes(2)))
struct DaemonWriteFaultTests {
    /// The file size limit put on the running daemon: far above its log file and the small
    /// file's verdicts, far below the big file's verdicts.
    static let limit = 256 * 1024

    @Test("RLIMIT_FSIZE makes verdict writes fail with EFBIG: no partial verdicts, retries, recovery, exactly once")
    func fileSizeLimit() async throws {
        let root = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let socket = try DaemonNotifySocket(path: root.appendingPathComponent("notify.sock").path)
        defer { socket.close() }
        // No prefilter: nothing is written to cache/ in the background while the limit is in place.
        let daemon = try DaemonProcess(
            stateDirectory: DaemonProcess.stateDirectory(in: root),
            arguments: ["--no-prefilter", "--review-sample-rate", "0", "--concurrency", "2"],
            environment: ["NOTIFY_SOCKET": socket.path]
        )
        defer { daemon.kill() }
        try await daemon.waitUntilReady()
        let logBytes = daemon.log.utf8.count
        try #require(logBytes < Self.limit / 8, "the log (\(logBytes) bytes) must stay writable under the limit")

        let big = daemonFaultItems(prefix: "big", count: 400, padding: 1500)
        try #require(big.utf8.count > 2 * Self.limit, "the big file's verdicts must exceed the limit")
        try FaultInjection.setFileSizeLimit(of: daemon.pid, to: Self.limit)
        var limited = true
        defer { if limited { try? FaultInjection.setFileSizeLimit(of: daemon.pid, to: nil) } }

        let beforeFault = socket.messages.count
        try daemon.drop("big.jsonl", big)
        try daemon.drop("small.jsonl", daemonTestItems(prefix: "small", count: 10))

        // A file that fits is screened meanwhile; the big one fails, twice, with growing delays.
        #expect(try await daemon.verdicts(for: "small.jsonl").count == 10, "files that fit go on being screened")
        let failure = "file failed; it stays in work/ and will be tried again"
        let failedTwice = await DaemonProcess.poll(timeout: .seconds(20), every: .milliseconds(50)) {
            #expect(
                !FileManager.default.fileExists(
                    atPath: daemon.outbox.appendingPathComponent("big.verdicts.jsonl").path
                ),
                "a partial verdict file reached outbox/"
            )
            return failures(of: "big.jsonl", in: daemon.log, marker: failure).count >= 2 || !daemon.process.isRunning
        }
        #expect(
            daemon.process.isRunning,
            "the daemon must survive SIGXFSZ (status \(daemon.process.terminationStatus))"
        )
        try #require(failedTwice, "big.jsonl did not fail twice; log:\n\(daemon.log)")
        let failedLines = failures(of: "big.jsonl", in: daemon.log, marker: failure)
        #expect(
            failedLines.allSatisfy { $0.contains("File too large") && $0.contains("RLIMIT_FSIZE") },
            "\(failedLines)"
        )
        #expect(failedLines[0].contains("retry_in_ms=1000"), "first retry after 1 s: \(failedLines[0])")
        #expect(failedLines[1].contains("retry_in_ms=2000"), "the delay doubles: \(failedLines[1])")

        // Claimed, not lost, not committed; only the temporary dotfile may exist, while a retry writes it.
        #expect(FileManager.default.fileExists(atPath: daemon.work.appendingPathComponent("big.jsonl").path))
        #expect(!DaemonProcess.names(in: daemon.done).contains("big.jsonl"))
        #expect(DaemonProcess.names(in: daemon.outbox) == ["small.verdicts.jsonl"])
        #expect(try await daemon.metric("refusald_write_errors_total") ?? 0 >= 2)
        #expect(try await daemon.metric("refusald_files_failing") == 1)
        #expect(try await daemon.metric(#"refusald_files_total{outcome="failed"}"#) ?? 0 >= 2)
        let statusShowsFault = await DaemonProcess.poll(timeout: .seconds(5)) {
            socket.messages[beforeFault...].flatMap(\.assignments).contains { line in
                line.hasPrefix("STATUS=") && line.contains("1 failing") && line.contains("big.jsonl")
                    && line.contains("File too large")
            }
        }
        #expect(
            statusShowsFault,
            "STATUS= names the failing file and the cause: \(socket.messages[beforeFault...].map(\.text))"
        )

        // Space returns: the next retry commits the file, once, complete.
        try FaultInjection.setFileSizeLimit(of: daemon.pid, to: nil)
        limited = false
        let verdicts = try await daemon.verdicts(for: "big.jsonl", timeout: .seconds(30))
        #expect(verdicts.count == 400)
        #expect(
            verdicts.compactMap { $0["id"] as? String } == (0..<400).map { "big-\($0)" },
            "every item once, in order"
        )
        #expect(verdicts.filter { $0["verdict"] as? String == "flag" }.count == 80)
        #expect(!verdicts.contains { $0["verdict"] as? String == "error" })
        #expect(daemon.screenedLines(for: "big.jsonl").count == 1, "committed exactly once")
        #expect(await daemon.waitForLog("file screened after earlier failures"))
        #expect(DaemonProcess.names(in: daemon.work, hidden: true).isEmpty)
        #expect(DaemonProcess.names(in: daemon.done) == ["big.jsonl", "small.jsonl"])
        #expect(DaemonProcess.names(in: daemon.outbox, hidden: true) == ["big.verdicts.jsonl", "small.verdicts.jsonl"])
        #expect(try await daemon.metric("refusald_files_failing") == 0)
        #expect(
            await socket.waitFor("STATUS=screened 2 files, 410 items, 82 flagged; 0 quarantined", from: beforeFault)
                != nil,
            "STATUS= drops the failure once the file is screened"
        )

        // The flagged items reached the review queue once each.
        let queued = try FaultInjection.sqlite(
            daemon.stateDirectory.appendingPathComponent("review.sqlite"),
            "SELECT count(*), count(DISTINCT external_id) FROM item"
        )
        #expect(queued.output.trimmingCharacters(in: .whitespacesAndNewlines) == "82|82", "\(queued.output)")
        #expect(await daemon.stop() == 0)
    }
}

/// The log lines reporting a failure of `file` (`marker` … `file=NAME`).
func failures(of file: String, in log: String, marker: String) -> [Substring] {
    log.split(separator: "\n").filter { $0.contains(marker) && $0.contains("file=\(file)") }
}

/// Like ``daemonTestItems(prefix:count:)`` (every fifth item flagged), with an extra `note` field of
/// `padding` characters that the verdicts copy into `meta`, to make big verdict files from few items.
func daemonFaultItems(prefix: String, count: Int, padding: Int) -> String {
    let note = String(repeating: "lorem ipsum ", count: padding / 12 + 1).prefix(padding)
    return daemonTestItems(prefix: prefix, count: count).split(separator: "\n").map { line in
        line.dropLast() + #","note":"\#(note)"}"#
    }.joined(separator: "\n") + "\n"
}
