import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `refusald run` picking up files the two ways producers write them: by rename, and by a slow
/// writer that writes the final name directly in several pieces.
@Suite("refusald run: dropping files (built binary)", .timeLimit(.minutes(1)))
struct DaemonDropTests {
    @Test("a file dropped by rename is screened once: one verdict per line, input in done/")
    func droppedByRename() async throws {
        let root = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let daemon = try DaemonProcess(stateDirectory: DaemonProcess.stateDirectory(in: root))
        defer { daemon.kill() }
        try await daemon.waitUntilReady()

        // Written as a dotfile .tmp (which must be ignored, although it fires IN_CLOSE_WRITE) and
        // renamed into place.
        try daemon.drop("renamed.jsonl", daemonTestItems(prefix: "r", count: 10))

        let verdicts = try await daemon.verdicts(for: "renamed.jsonl")
        #expect(verdicts.map { $0["id"] as? String } == (0..<10).map { "r-\($0)" })
        #expect(
            verdicts.map { ($0["source"] as? [String: Any])?["file"] as? String }
                == Array(repeating: "renamed.jsonl", count: 10)
        )
        #expect(verdicts.map { ($0["source"] as? [String: Any])?["line"] as? Int } == Array(1...10))
        #expect(verdicts.map { $0["verdict"] as? String } == (0..<10).map { $0 % 5 == 0 ? "flag" : "pass" })

        #expect(
            await DaemonProcess.poll(timeout: .seconds(5)) { DaemonProcess.names(in: daemon.done) == ["renamed.jsonl"] }
        )
        #expect(DaemonProcess.names(in: daemon.inbox, hidden: true).isEmpty, "the .tmp was renamed away; nothing left")
        #expect(DaemonProcess.names(in: daemon.work).isEmpty)
        #expect(DaemonProcess.names(in: daemon.outbox, hidden: true) == ["renamed.verdicts.jsonl"])
        #expect(DaemonProcess.names(in: daemon.quarantine).isEmpty, "the temporary name was never claimed")

        // Give a duplicate event (the .tmp's close, the rename) time to show up, then count.
        try await Task.sleep(for: .milliseconds(800))
        #expect(daemon.screenedLines(for: "renamed.jsonl").count == 1, "screened exactly once; log:\n\(daemon.log)")
        #expect(daemon.screenedLines(for: "renamed.jsonl").first?.contains("items=10 ") == true)
    }

    @Test("a slow writer writing the final name in pieces is screened once, only after it closes the file")
    func slowWriter() async throws {
        let root = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let daemon = try DaemonProcess(stateDirectory: DaemonProcess.stateDirectory(in: root))
        defer { daemon.kill() }
        try await daemon.waitUntilReady()

        let name = "slow.jsonl"
        let path = daemon.inbox.appendingPathComponent(name).path
        let lines = daemonTestItems(prefix: "s", count: 12).split(separator: "\n").map { $0 + "\n" }
        // Three pieces; the second ends in the middle of a line, so a premature claim would show
        // as a truncated last line (an `error` verdict) or a missing item.
        let text = lines.joined()
        let cut1 = text.index(text.startIndex, offsetBy: text.utf8.count / 3)
        let cut2 = text.index(text.startIndex, offsetBy: 2 * text.utf8.count / 3 + 7)
        let pieces = [text[..<cut1], text[cut1..<cut2], text[cut2...]]

        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        try #require(fd >= 0, "open \(path): \(String(cString: strerror(errno)))")
        var closed = false
        defer { if !closed { close(fd) } }
        for (index, piece) in pieces.enumerated() {
            let bytes = Array(piece.utf8)
            #expect(write(fd, bytes, bytes.count) == bytes.count)
            if index < pieces.count - 1 {
                // Longer than the daemon's 1 s settle time for files found by a scan.
                try await Task.sleep(for: .milliseconds(1200))
                #expect(DaemonProcess.names(in: daemon.inbox) == [name], "still being written: must stay in inbox/")
                #expect(
                    DaemonProcess.names(in: daemon.outbox, hidden: true).isEmpty,
                    "no verdicts for a file still open"
                )
                #expect(DaemonProcess.names(in: daemon.work).isEmpty)
            }
        }
        close(fd)
        closed = true

        let verdicts = try await daemon.verdicts(for: name)
        #expect(verdicts.count == 12, "one verdict per input line")
        #expect(verdicts.map { $0["id"] as? String } == (0..<12).map { "s-\($0)" })
        #expect(!verdicts.contains { $0["verdict"] as? String == "error" }, "no line was read half-written")
        #expect(await DaemonProcess.poll(timeout: .seconds(5)) { DaemonProcess.names(in: daemon.done) == [name] })
        #expect(DaemonProcess.names(in: daemon.inbox).isEmpty)

        try await Task.sleep(for: .milliseconds(800))
        #expect(daemon.screenedLines(for: name).count == 1, "screened exactly once; log:\n\(daemon.log)")
        #expect(
            DaemonProcess.names(in: daemon.outbox, hidden: true) == ["slow.verdicts.jsonl"],
            "no second verdict file (slow~2…)"
        )
    }
}
