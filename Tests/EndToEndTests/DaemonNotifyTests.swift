import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The systemd notify protocol, read from a real `AF_UNIX` datagram socket given to the daemon as
/// `$NOTIFY_SOCKET`, as systemd would.
@Suite("refusald run: systemd notify protocol (built binary)", .timeLimit(.minutes(1)))
struct DaemonNotifyTests {
    @Test(
        "READY=1, STATUS=, WATCHDOG=1 every WATCHDOG_USEC/2; SIGHUP: RELOADING=1, READY=1; SIGTERM: STOPPING=1, exit 0"
    )
    func notifyProtocol() async throws {
        let root = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let socket = try DaemonNotifySocket(path: root.appendingPathComponent("notify.sock").path)
        defer { socket.close() }
        let daemon = try DaemonProcess(
            stateDirectory: DaemonProcess.stateDirectory(in: root),
            environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "400000", "WATCHDOG_PID": nil]
        )
        defer { daemon.kill() }

        // Start-up: READY=1 (after the first scan of the inbox) with a STATUS= line.
        let ready = try #require(
            await socket.waitFor("READY=1", timeout: .seconds(30)),
            "no READY=1; log:\n\(daemon.log)"
        )
        #expect(socket.messages[ready].assignments.contains { $0.hasPrefix("STATUS=") })
        #expect(daemon.log.contains("inbox service starting"), "READY=1 comes after the inbox service started")
        #expect(
            socket.messages[..<ready].allSatisfy {
                !$0.assignments.contains("RELOADING=1") && !$0.assignments.contains("STOPPING=1")
            }
        )

        // Watchdog keep-alives at half of WATCHDOG_USEC (200 ms): several within a second.
        let firstWatchdog = try #require(await socket.waitFor("WATCHDOG=1", timeout: .seconds(5)), "no WATCHDOG=1")
        try await Task.sleep(for: .milliseconds(1100))
        let watchdogs = socket.messages[firstWatchdog...].filter { $0.assignments.contains("WATCHDOG=1") }
        #expect(watchdogs.count >= 3, "\(watchdogs.count) WATCHDOG=1 in ~1.1 s (expected one every 200 ms)")
        #expect(watchdogs.count <= 9, "\(watchdogs.count) WATCHDOG=1 in ~1.1 s is far more than one every 200 ms")
        if watchdogs.count >= 2 {
            let gaps = zip(watchdogs, watchdogs.dropFirst()).map { $0.1.received - $0.0.received }
            #expect(
                gaps.allSatisfy { $0 > .milliseconds(100) && $0 < .milliseconds(400) },
                "gaps between keep-alives (over WATCHDOG_USEC, systemd would kill the service): \(gaps)"
            )
        }

        // A screened file shows in STATUS=.
        try await daemon.waitUntilReady()
        let beforeFile = socket.messages.count
        try daemon.drop("status.jsonl", daemonTestItems(prefix: "st", count: 5))
        _ = try await daemon.verdicts(for: "status.jsonl")
        let status = await socket.waitFor("STATUS=screened 1 files, 5 items, 1 flagged", prefix: true, from: beforeFile)
        #expect(status != nil, "STATUS= reports the counts: \(socket.messages[beforeFile...].map(\.text))")

        // SIGHUP: RELOADING=1, then READY=1 once the reload is done.
        let beforeReload = socket.messages.count
        daemon.send(SIGHUP)
        let reloading = try #require(
            await socket.waitFor("RELOADING=1", from: beforeReload),
            "no RELOADING=1 after SIGHUP"
        )
        let readyAgain = await socket.waitFor("READY=1", from: reloading + 1)
        #expect(readyAgain != nil, "no READY=1 after RELOADING=1: \(socket.messages[beforeReload...].map(\.text))")
        #expect(await daemon.waitForLog("policies reloaded"))

        // SIGTERM: STOPPING=1 and a clean exit.
        let beforeStop = socket.messages.count
        daemon.send(SIGTERM)
        let status0 = await daemon.waitForExit(timeout: .seconds(15))
        #expect(status0 == 0, "exit status after SIGTERM; log:\n\(daemon.log)")
        #expect(daemon.terminationReason == .exit)
        #expect(
            await socket.waitFor("STOPPING=1", from: beforeStop, timeout: .seconds(2)) != nil,
            "no STOPPING=1: \(socket.messages[beforeStop...].map(\.text))"
        )
    }

    @Test("WATCHDOG_PID naming another process turns the keep-alives off")
    func watchdogForAnotherProcess() async throws {
        let root = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let socket = try DaemonNotifySocket(path: root.appendingPathComponent("notify.sock").path)
        defer { socket.close() }
        let daemon = try DaemonProcess(
            stateDirectory: DaemonProcess.stateDirectory(in: root),
            environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "200000", "WATCHDOG_PID": "1"]
        )
        defer { daemon.kill() }
        #expect(await socket.waitFor("READY=1", timeout: .seconds(30)) != nil, "no READY=1; log:\n\(daemon.log)")
        try await Task.sleep(for: .milliseconds(600))
        #expect(
            !socket.messages.contains { $0.assignments.contains("WATCHDOG=1") },
            "keep-alives are for pid 1, not for us"
        )
        #expect(await daemon.stop() == 0)
    }
}
