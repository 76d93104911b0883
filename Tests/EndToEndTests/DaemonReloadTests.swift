import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Live policy reloads on SIGHUP: a broken set is refused and the old one stays in force; a fixed
/// one is put in force, and the verdicts say which set screened them.
@Suite("refusald run: SIGHUP policy reloads (built binary)", .timeLimit(.minutes(1)))
struct DaemonReloadTests {
    /// The fixture's violence rules with a pattern that does not compile.
    static func broken(_ original: String) -> String {
        original.replacingOccurrences(
            of: #"pattern: '\bammonium nitrate\b'"#,
            with: #"pattern: '\bammonium (nitrate\b'"#
        )
    }

    /// The fixture's violence rules plus one more forbidden response (so the new set behaves
    /// differently, not only hashes differently); its embedded tests still pass.
    static func extended(_ original: String) -> String {
        original.replacingOccurrences(
            of: "allow:\n",
            with: """
                  - id: violence.thermite
                    description: thermite recipe
                    severity: high
                    pattern: '\\bthermite\\b'
                allow:

                """
        )
    }

    static let probe =
        #"{"id":"p1","prompt":"Tell me about welding.","response":"Mix thermite with ammonium nitrate."}"# + "\n"

    @Test("a broken policy set is rejected on SIGHUP (old digest stays); a fixed one changes the digest")
    func reloadOnSIGHUP() async throws {
        let root = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let policies = root.appendingPathComponent("policies")
        try FileManager.default.copyItem(atPath: RefusaldProcess.fixture("policies"), toPath: policies.path)
        let violence = policies.appendingPathComponent("violence.yaml")
        let original = try String(contentsOf: violence, encoding: .utf8)
        #expect(
            Self.broken(original) != original && Self.extended(original) != original,
            "fixture changed: update the edits"
        )

        // A long debounce: only SIGHUP may reload here, not the directory poller.
        let daemon = try DaemonProcess(
            stateDirectory: DaemonProcess.stateDirectory(in: root),
            policies: policies.path,
            arguments: ["--debounce", "1h"]
        )
        defer { daemon.kill() }
        try await daemon.waitUntilReady()
        let health = try await daemon.get("/healthz")
        let oldDigest = try #require(
            health.body.split(separator: "\n").first { $0.hasPrefix("policy ") }?.dropFirst("policy ".count)
        )
        #expect(oldDigest.hasPrefix("sha256:") && oldDigest.count == 7 + 64)

        // 1. Break a pattern and SIGHUP: the reload is rejected, naming the file.
        try Self.broken(original).write(to: violence, atomically: true, encoding: .utf8)
        daemon.send(SIGHUP)
        #expect(await daemon.waitForLog("policy reload rejected"), "log:\n\(daemon.log)")
        let rejection = daemon.log.split(separator: "\n").first { $0.contains("policy reload rejected") } ?? ""
        #expect(rejection.contains("violence.yaml"), "the error names the broken file: \(rejection)")
        #expect(rejection.contains("policy=\(oldDigest)"))
        #expect(try await daemon.metric(#"refusald_policy_reloads_total{result="rejected"}"#) == 1)
        #expect(try await daemon.metric(#"refusald_policy_reloads_total{result="ok"}"#) ?? 0 == 0)

        // A file dropped after the failed reload is screened with the old set.
        try daemon.drop("after-broken.jsonl", Self.probe)
        let before = try await daemon.verdicts(for: "after-broken.jsonl")
        #expect(before.map { $0["policy"] as? String } == [String(oldDigest)])
        #expect(Self.rules(before.first) == ["violence.bomb.recipe"], "old rules: thermite is not a rule yet")
        #expect(try await daemon.get("/healthz").body.contains("policy \(oldDigest)\n"))

        // 2. Fix it (with one rule more) and SIGHUP: the new set is in force.
        try Self.extended(original).write(to: violence, atomically: true, encoding: .utf8)
        daemon.send(SIGHUP)
        #expect(await daemon.waitForLog("policies reloaded"), "log:\n\(daemon.log)")
        #expect(try await daemon.metric(#"refusald_policy_reloads_total{result="ok"}"#) == 1)
        #expect(try await daemon.metric(#"refusald_policy_reloads_total{result="rejected"}"#) == 1)
        #expect(try await daemon.metric("refusald_rules_loaded") == 5)

        try daemon.drop("after-fixed.jsonl", Self.probe)
        let after = try await daemon.verdicts(for: "after-fixed.jsonl")
        let newDigest = try #require(after.first?["policy"] as? String)
        #expect(newDigest != String(oldDigest))
        #expect(newDigest.hasPrefix("sha256:"))
        #expect(Self.rules(after.first) == ["violence.bomb.recipe", "violence.thermite"], "the new rule is in force")
        #expect(try await daemon.get("/healthz").body.contains("policy \(newDigest)\nrules 5\n"))

        // The digest is the one `refusald scan` computes for the same directory.
        let scan = try RefusaldProcess.run(["scan", "--policies", policies.path, "-"], stdin: Self.probe)
        #expect(try scan.jsonLines().first?["policy"] as? String == newDigest)

        #expect(await daemon.stop() == 0)
    }

    /// The rule ids of a verdict's findings, sorted.
    static func rules(_ verdict: [String: Any]?) -> [String] {
        let findings = verdict?["findings"] as? [[String: Any]] ?? []
        return findings.compactMap { $0["rule"] as? String }.sorted()
    }
}
