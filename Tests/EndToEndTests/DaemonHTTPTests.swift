import Foundation
import Testing

/// `/healthz` and `/metrics` over real HTTP on the daemon's listener.
@Suite("refusald run: /healthz and /metrics over HTTP (built binary)", .timeLimit(.minutes(1)))
struct DaemonHTTPTests {
    @Test("/healthz names the policy digest and rule count; /metrics counts files and items by verdict")
    func healthAndMetrics() async throws {
        let root = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let daemon = try DaemonProcess(stateDirectory: DaemonProcess.stateDirectory(in: root))
        defer { daemon.kill() }
        try await daemon.waitUntilReady()

        let health = try await daemon.get("/healthz")
        #expect(health.status == 200)
        let lines = health.body.split(separator: "\n", omittingEmptySubsequences: false)
        try #require(lines.count == 4, "three lines and a final newline: \(health.body.debugDescription)")
        #expect(lines[0] == "ok")
        #expect(lines[1].hasPrefix("policy sha256:") && lines[1].count == "policy sha256:".count + 64, "\(lines[1])")
        #expect(lines[2] == "rules 4")
        #expect(lines[3] == "")

        let idle = try await daemon.get("/metrics")
        #expect(idle.status == 200)
        #expect(DaemonProcess.metricValue("refusald_rules_loaded", in: idle.body) == 4)
        #expect(DaemonProcess.metricValue(#"refusald_files_total{outcome="screened"}"#, in: idle.body) ?? 0 == 0)

        // 7 items: 2 flagged (bomb), 4 passed, 1 not valid JSON (error verdict).
        var text = daemonTestItems(prefix: "m", count: 6)
        text += #"{"id":"m-bad","prompt":"#
        text += "\n"
        try daemon.drop("metrics.jsonl", text)
        let verdicts = try await daemon.verdicts(for: "metrics.jsonl")
        let counts = Dictionary(grouping: verdicts) { $0["verdict"] as? String ?? "?" }.mapValues(\.count)
        #expect(counts == ["flag": 2, "pass": 4, "error": 1])

        // The counters move once the file is committed (just after its verdict file appears).
        let counted = await DaemonProcess.poll(timeout: .seconds(10)) {
            (try? await daemon.metric(#"refusald_files_total{outcome="screened"}"#)) == 1
        }
        #expect(counted, "refusald_files_total{outcome=\"screened\"} did not reach 1")
        let metrics = try await daemon.get("/metrics")
        #expect(metrics.status == 200)
        let body = metrics.body
        for verdict in ["pass", "flag", "error"] {
            #expect(
                DaemonProcess.metricValue("refusald_items_total{verdict=\"\(verdict)\"}", in: body)
                    == Double(counts[verdict] ?? 0),
                "items_total{verdict=\"\(verdict)\"} matches the verdict file"
            )
        }
        #expect(DaemonProcess.metricValue(#"refusald_files_total{outcome="quarantined"}"#, in: body) ?? 0 == 0)
        #expect(DaemonProcess.metricValue(#"refusald_findings_by_kind_total{kind="missing_refusal"}"#, in: body) == 2)
        #expect(DaemonProcess.metricValue(#"refusald_findings_by_category_total{category="violence"}"#, in: body) == 2)
        #expect(
            DaemonProcess.metricValue("refusald_screen_file_seconds_count", in: body) == 1,
            "latency histogram has the file"
        )
        #expect(DaemonProcess.metricValue("refusald_inbox_depth", in: body) == 0)
        #expect(body.contains("# TYPE refusald_items_total counter"))

        // The digest /healthz shows is the one the verdicts carry.
        #expect(verdicts.allSatisfy { "policy \($0["policy"] as? String ?? "")" == lines[1] })

        let missing = try await daemon.get("/no-such-page")
        #expect(missing.status == 404)
        #expect(await daemon.stop() == 0)
    }
}
