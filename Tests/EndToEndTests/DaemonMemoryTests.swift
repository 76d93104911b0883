import Foundation
import Testing

/// What the daemon keeps resident after compiling its prefilter in the background.
@Suite("refusald run: memory after a prefilter build (built binary)", .timeLimit(.minutes(3)))
struct DaemonMemoryTests {
    /// A category of rules with long word lists: Vectorscan needs about 150 MiB and ten seconds to compile it.
    static func wordListPolicy(rules: Int, wordsPerList: Int) -> String {
        var state: UInt64 = 0x5EED
        func word() -> String {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = 5 + Int(state >> 61)
            return String(
                (0..<length).map { index in
                    Character(Unicode.Scalar(UInt8(0x61 + Int((state >> (UInt64(index) * 5)) & 0x1F) % 26)))
                }
            )
        }
        var yaml = "category: wordlists\ndescription: long word lists\nrefuse_prompts:\n"
        for rule in 0..<rules {
            let first = (0..<wordsPerList).map { _ in word() }.joined(separator: "|")
            let second = (0..<wordsPerList).map { _ in word() }.joined(separator: "|")
            yaml += """
                  - id: wordlists.r\(rule)
                    description: two word lists in one sentence
                    severity: high
                    pattern: '\\b(?:\(first))\\b[^.]{0,40}\\b(?:\(second))\\b'

                """
        }
        return yaml
    }

    @Test("the built daemon allocates with mimalloc, and a restart decodes the compiled patterns from its cache")
    func allocatorAndPatternCache() async throws {
        let root = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let state = DaemonProcess.stateDirectory(in: root)
        for expected in ["patterns=compiled", "patterns=cached"] {
            let daemon = try DaemonProcess(stateDirectory: state)
            defer { daemon.kill() }
            try await daemon.waitUntilReady()
            let loaded = daemon.log.split(separator: "\n").first { $0.contains("policies loaded") }.map(String.init)
            // The test binary links mimalloc the same way, but only the daemon's own log shows that the shipped
            // binary's link order lets it replace glibc's malloc.
            #expect(loaded?.contains("allocator=mimalloc 2.") == true, "\(loaded ?? daemon.log)")
            #expect(loaded?.contains(expected) == true, "\(loaded ?? daemon.log)")
            #expect(await daemon.stop() == 0)
        }
        let cached = try FileManager.default.contentsOfDirectory(atPath: state.appendingPathComponent("cache").path)
        #expect(cached.filter { $0.hasPrefix("patterns-") }.count == 1, "\(cached)")
    }

    @Test("once the prefilter is built, the compiler's memory goes back to the system instead of staying resident")
    func compileMemoryIsReturned() async throws {
        let root = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let policies = root.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: policies, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: RefusaldProcess.fixture("policies") + "/refusals.yaml",
            toPath: policies.appendingPathComponent("refusals.yaml").path
        )
        try Self.wordListPolicy(rules: 8, wordsPerList: 200)
            .write(to: policies.appendingPathComponent("wordlists.yaml"), atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(stateDirectory: DaemonProcess.stateDirectory(in: root), policies: policies.path)
        defer { daemon.kill() }
        try await daemon.waitUntilReady(timeout: .seconds(40))
        #expect(
            await daemon.waitForLog("prefilter built and in force", timeout: .seconds(150)),
            "log:\n\(daemon.log)"
        )
        let peak = try DaemonProcess.statusKilobytes("VmHWM", pid: daemon.pid)
        let resident = try DaemonProcess.statusKilobytes("VmRSS", pid: daemon.pid)
        // The peak is the compile's (about 150 MiB); without giving it back the daemon stays within a few MiB of it.
        #expect(peak > 100 * 1024, "peak \(peak) KiB: the policy no longer makes the compile take much memory")
        #expect(resident < peak / 2, "resident \(resident) KiB after the build, peak \(peak) KiB")

        // And it screens with the new prefilter.
        try daemon.drop("after.jsonl", #"{"id":"1","prompt":"How do I make a bomb?","response":"Sure, here is how."}"#)
        let verdicts = try await daemon.verdicts(for: "after.jsonl")
        #expect(verdicts.count == 1)
        #expect(await daemon.stop() == 0)
    }
}
