import Foundation
import Testing

/// One daemon per state directory: a second one refuses to start.
@Suite("refusald run: state directory lock (built binary)", .timeLimit(.minutes(1)))
struct DaemonLockTests {
    @Test("a second daemon on the same state directory exits 2 naming the lock; the first keeps working")
    func secondDaemonRefused() async throws {
        let root = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let state = DaemonProcess.stateDirectory(in: root)
        let first = try DaemonProcess(stateDirectory: state)
        defer { first.kill() }
        try await first.waitUntilReady()

        let second = try DaemonProcess(stateDirectory: state)
        defer { second.kill() }
        let status = await second.waitForExit(timeout: .seconds(20))
        #expect(status == 2, "exit status of the second daemon; its log:\n\(second.log)")
        let message = second.log
        #expect(message.contains("already in use by pid \(first.pid)"), "names the holder: \(message)")
        #expect(message.contains("lock file \(state.path)/state.lock"), "names the lock file: \(message)")
        #expect(message.contains("--state-dir"), "says how to fix it: \(message)")
        #expect(!message.contains("http listening"), "the second daemon never served")

        // The first daemon was not disturbed.
        #expect(first.process.isRunning)
        try first.drop("still-working.jsonl", daemonTestItems(prefix: "w", count: 2))
        let verdicts = try await first.verdicts(for: "still-working.jsonl")
        #expect(verdicts.count == 2)
        #expect(try await first.get("/healthz").status == 200)
        #expect(await first.stop() == 0)

        // Once the first has stopped, the lock is free again.
        let third = try DaemonProcess(stateDirectory: state)
        defer { third.kill() }
        try await third.waitUntilReady()
        #expect(third.process.isRunning)
    }
}
