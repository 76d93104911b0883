import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Exactly-once under crashes: the daemon is SIGKILLed at random moments while it screens, and
/// restarted each time; in the end every input item has exactly one verdict line.
@Suite("refusald run: crash safety (built binary)", .timeLimit(.minutes(2)))
struct DaemonCrashSafetyTests {
    static let files = 32
    static let itemsPerFile = 50
    static let kills = 6

    @Test("SIGKILL at random moments: no item lost, none duplicated, every input in done/")
    func killedRepeatedly() async throws {
        let root = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let state = DaemonProcess.stateDirectory(in: root)
        let inbox = state.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)

        let names = (0..<Self.files).map { String(format: "batch-%02d.jsonl", $0) }
        var contents: [String: String] = [:]
        for (index, name) in names.enumerated() {
            contents[name] = daemonTestItems(prefix: String(format: "b%02d", index), count: Self.itemsPerFile)
        }
        // A third is waiting before the first start (found by the start-up scan); the rest is
        // dropped in rounds while the daemon is being killed and restarted (found by inotify, or by
        // the next start-up scan when it lands while no daemon runs).
        var pending = names[...]
        func dropNext(_ count: Int) throws {
            for name in pending.prefix(count) {
                try DaemonProcess.drop(name, Data(contents[name]!.utf8), into: inbox)
            }
            pending = pending.dropFirst(count)
        }
        try dropNext(Self.files / 3)

        var schedule: [String] = []
        var daemon = try DaemonProcess(stateDirectory: state)
        defer { daemon.kill() }
        let perRound = (Self.files - Self.files / 3 + Self.kills - 1) / Self.kills
        for round in 1...Self.kills {
            // Kills land anywhere: during policy loading, the first scan, screening, commits.
            let delay = Duration.milliseconds(Int.random(in: 300...2_800))
            try await Task.sleep(for: delay / 2)
            try dropNext(perRound)
            try await Task.sleep(for: delay / 2)
            let screened = daemon.log.split(separator: "\n").filter { $0.contains("screened file") }.count
            daemon.kill()
            schedule.append("kill \(round) after \(delay) (\(screened) files committed in that run)")
            #expect(daemon.terminationReason == .uncaughtSignal)
            daemon = try DaemonProcess(stateDirectory: state)
        }
        try dropNext(pending.count)

        // Let the last daemon finish everything.
        try await daemon.waitUntilReady()
        let settled = await DaemonProcess.poll(timeout: .seconds(60), every: .milliseconds(100)) {
            DaemonProcess.names(in: daemon.inbox, hidden: true).isEmpty
                && DaemonProcess.names(in: daemon.work, hidden: true).isEmpty
                && DaemonProcess.names(in: daemon.done).count + DaemonProcess.names(in: daemon.quarantine).count
                    >= Self.files
        }
        let history = schedule.joined(separator: "; ")
        let leftInbox = DaemonProcess.names(in: daemon.inbox, hidden: true)
        let leftWork = DaemonProcess.names(in: daemon.work, hidden: true)
        try #require(settled, "daemon did not finish: inbox \(leftInbox), work \(leftWork); \(history)")
        #expect(await daemon.stop() == 0, "clean stop after the test")

        // Every input is in done/ (or quarantine/), unchanged; nothing was quarantined (all are valid).
        let done = DaemonProcess.names(in: daemon.done)
        let quarantined = DaemonProcess.names(in: daemon.quarantine).filter { !$0.hasSuffix(".reason") }
        #expect(Set(done).union(quarantined) == Set(names), "\(history)")
        #expect(quarantined.isEmpty, "valid files must not be quarantined: \(quarantined); \(history)")
        for name in done {
            let data = try Data(contentsOf: daemon.done.appendingPathComponent(name))
            #expect(String(decoding: data, as: UTF8.self) == contents[name], "\(name) in done/ is the input as dropped")
        }

        // One verdict file per input, under the input's own name (a `~2` name would mean the file
        // was claimed twice), no temporary left, and every item exactly once across all of them.
        let outbox = DaemonProcess.names(in: daemon.outbox, hidden: true)
        #expect(
            outbox == names.map { $0.replacingOccurrences(of: ".jsonl", with: ".verdicts.jsonl") }.sorted(),
            "\(history)"
        )
        var seen: [String: Int] = [:]
        for file in outbox where !file.hasPrefix(".") {
            let lines = try DaemonProcess.jsonLines(of: daemon.outbox.appendingPathComponent(file))
            let input = file.replacingOccurrences(of: ".verdicts.jsonl", with: ".jsonl")
            #expect(lines.count == Self.itemsPerFile, "\(file): one verdict per input line; \(history)")
            #expect(lines.allSatisfy { ($0["source"] as? [String: Any])?["file"] as? String == input })
            #expect(!lines.contains { $0["verdict"] as? String == "error" }, "\(file) has error verdicts")
            for line in lines {
                seen[line["id"] as? String ?? "?", default: 0] += 1
            }
        }
        let expected = Set(
            (0..<Self.files).flatMap { file in (0..<Self.itemsPerFile).map { String(format: "b%02d-%d", file, $0) } }
        )
        let missing = expected.subtracting(seen.keys)
        let duplicated = seen.filter { $0.value > 1 }.keys.sorted()
        let unexpected = Set(seen.keys).subtracting(expected)
        #expect(
            missing.isEmpty,
            "\(missing.count) items have no verdict, e.g. \(missing.sorted().prefix(5)); \(history)"
        )
        #expect(
            duplicated.isEmpty,
            "\(duplicated.count) items have several verdicts, e.g. \(duplicated.prefix(5)); \(history)"
        )
        #expect(unexpected.isEmpty, "verdicts for ids never dropped: \(unexpected.sorted().prefix(5))")
        #expect(seen.values.reduce(0, +) == Self.files * Self.itemsPerFile)
    }
}
