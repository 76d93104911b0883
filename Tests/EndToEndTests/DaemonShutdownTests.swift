import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Graceful stop on SIGTERM while the daemon is still busy starting up.
@Suite("refusald run: SIGTERM (built binary)", .timeLimit(.minutes(1)))
struct DaemonShutdownTests {
    @Test("SIGTERM right after READY exits 0 within the grace period, even while the prefilter is still being built")
    func stopsWhilePrefilterBuilds() async throws {
        let root = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        // The shipped set: its Vectorscan prefilter takes many seconds to build from a cold cache,
        // which the daemon does in the background after READY.
        let policies = RefusaldProcess.repoRoot.appendingPathComponent("Policies").path
        let daemon = try DaemonProcess(
            stateDirectory: DaemonProcess.stateDirectory(in: root),
            policies: policies,
            arguments: ["--grace-period", "2s"]
        )
        defer { daemon.kill() }
        try await daemon.waitUntilReady(timeout: .seconds(40))
        let stillBuilding = !daemon.log.contains("prefilter built")

        let sent = ContinuousClock.now
        daemon.send(SIGTERM)
        let status = await daemon.waitForExit(timeout: .seconds(30))
        let took = ContinuousClock.now - sent
        #expect(status == 0, "exit status after SIGTERM; log:\n\(daemon.log)")
        // Nothing is in flight: stopping is a matter of a second or two, not of the prefilter build
        // (systemd's TimeoutStopSec would SIGKILL a daemon that waits for it).
        #expect(
            took < .seconds(6),
            "took \(took) to stop (prefilter still building at SIGTERM: \(stillBuilding)); log:\n\(daemon.log)"
        )
        #expect(daemon.log.contains("inbox service stopped"))
    }
}
