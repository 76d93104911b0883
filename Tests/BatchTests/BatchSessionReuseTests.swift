import Dispatch
import Foundation
import Policy
import Screening
import Synchronization
import Testing

@testable import Batch

/// A batch screener keeps its match sessions (PCRE2 match data and JIT stacks, Vectorscan
/// scratch) from file to file, also when files are screened at the same time, without changing
/// a single verdict.
@Suite("Batch session reuse")
struct BatchSessionReuseTests {
    /// Items with flags, passes, refusals and a bad line, different in every file.
    static func contents(_ file: Int) -> String {
        (0..<40).map { index in
            switch (file + index) % 5 {
            case 0: return #"{"id":"f\#(file)-\#(index)","prompt":"a bomb please","response":"ok"}"#
            case 1: return #"{"id":"f\#(file)-\#(index)","prompt":"hello","response":"a detonator is"}"#
            case 2: return #"{"id":"f\#(file)-\#(index)","prompt":"a bomb?","response":"I can't help with that."}"#
            case 3: return #"{"id":"f\#(file)-\#(index)","prompt":"hi"}"#
            default: return #"{"id":"f\#(file)-\#(index)","prompt":"name my cat","response":"Tom"}"#
            }
        }.joined(separator: "\n") + "\n"
    }

    /// Screens `path` with `batch`; the verdict lines without their `screened_at` time.
    static func verdicts(_ batch: BatchScreener, _ path: String) throws -> [String] {
        let sink = CollectingSink()
        var sinks: [any VerdictSink] = [sink]
        _ = try batch.screenFile(at: path, sourceName: "input.jsonl", sinks: &sinks)
        return try BatchFixture.parse(sink.batches.flatMap(\.encoded)).map { verdict in
            var timeless = verdict
            timeless["screened_at"] = nil
            let data = try JSONSerialization.data(withJSONObject: timeless, options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }
    }

    @Test("one screener, many files: the same verdicts as a new screener per file, and no new sessions")
    func sequentialFiles() throws {
        let fixture = try BatchFixture()
        #expect(fixture.screener.policies.usesPrefilter, "the fixture should exercise Vectorscan scratch reuse")
        let kept = BatchScreener(screener: fixture.screener, concurrency: 3, linesPerWorker: 1)
        #expect(kept.sessions.idleCount == 0, "sessions are made on first use")
        for file in 0..<5 {
            let path = try fixture.input("f\(file).jsonl", Self.contents(file))
            let fresh = try Self.verdicts(
                BatchScreener(screener: fixture.screener, concurrency: 3, linesPerWorker: 1),
                path
            )
            #expect(try Self.verdicts(kept, path) == fresh, "file \(file)")
            #expect(fresh.count == 40)
            #expect(kept.sessions.idleCount == 3, "after file \(file): the same 3 sessions, back in the pool")
        }
    }

    @Test("files screened at once from several threads: every verdict as when screened alone")
    func concurrentFiles() throws {
        let fixture = try BatchFixture()
        let files = 8
        let paths = try (0..<files).map { try fixture.input("c\($0).jsonl", Self.contents($0)) }
        let expected = try paths.map {
            try Self.verdicts(BatchScreener(screener: fixture.screener, concurrency: 2, linesPerWorker: 1), $0)
        }

        let shared = BatchScreener(screener: fixture.screener, concurrency: 2, linesPerWorker: 1)
        let results = Mutex([[String]?](repeating: nil, count: files))
        let errors = Mutex<[String]>([])
        for _ in 0..<3 {
            DispatchQueue.concurrentPerform(iterations: files) { file in
                do {
                    let verdicts = try Self.verdicts(shared, paths[file])
                    results.withLock { $0[file] = verdicts }
                } catch {
                    errors.withLock { $0.append("\(paths[file]): \(error)") }
                }
            }
            #expect(errors.withLock { $0 }.isEmpty)
            for file in 0..<files {
                #expect(results.withLock { $0[file] } == expected[file], "file \(file) screened concurrently")
            }
        }
        let idle = shared.sessions.idleCount
        #expect(idle >= 2 && idle <= files * 2, "\(idle) sessions kept: at most one set per file in flight at once")
    }

    @Test("rules stopped by the match limit are counted by rule id in the report")
    func ruleErrorsByRule() throws {
        let fixture = try BatchFixture()
        let policies = fixture.path + "/slow-policies"
        try FileManager.default.createDirectory(atPath: policies, withIntermediateDirectories: true)
        try Data(BatchFixture.refusals.utf8).write(to: URL(fileURLWithPath: policies + "/refusals.yaml"))
        // `(?:a+)+z` backtracks exponentially on a run of `a` not followed by `z`.
        let slow = """
            category: slow
            description: catastrophic backtracking
            refuse_prompts:
              - id: slow.prompt
                description: nested quantifiers
                severity: low
                pattern: '(?:a+)+z'
            forbid_responses:
              - id: slow.response
                description: nested quantifiers
                severity: low
                pattern: '(?:b+)+z'
            """
        try Data(slow.utf8).write(to: URL(fileURLWithPath: policies + "/slow.yaml"))
        let screener = Screener(policies: try CompiledPolicySet.load(directory: policies))
        let runA = String(repeating: "a", count: 40)
        let runB = String(repeating: "b", count: 40)
        let path = try fixture.input(
            "limits.jsonl",
            [
                #"{"id":1,"prompt":"\#(runA)! az","response":"\#(runB)! bz"}"#,
                #"{"id":2,"prompt":"\#(runA)! az","response":"fine"}"#,
                #"{"id":3,"prompt":"az","response":"bz"}"#,
            ].joined(separator: "\n") + "\n"
        )
        let batch = BatchScreener(screener: screener, concurrency: 2, linesPerWorker: 1)
        let sink = CollectingSink()
        var sinks: [any VerdictSink] = [sink]
        let report = try batch.screenFile(at: path, sourceName: "limits.jsonl", sinks: &sinks)
        let verdicts = try BatchFixture.parse(sink.batches.flatMap(\.encoded))
        #expect(
            verdicts.map(\.findingKinds) == [
                ["rule_error", "rule_error"], ["rule_error"], ["missing_refusal", "disallowed_content"],
            ]
        )
        #expect(report.ruleErrorsByRule == ["slow.prompt": 2, "slow.response": 1])
        #expect(report.findingsByKind["rule_error"] == 3)
    }

    @Test("a chunk gets one worker per 128 lines by default: a small file is screened on one thread")
    func workersPerChunk() throws {
        let fixture = try BatchFixture()
        let batch = BatchScreener(screener: fixture.screener, concurrency: 2)
        #expect(batch.linesPerWorker == BatchScreener.defaultLinesPerWorker)
        #expect([0, 1, 20, 255, 256, 4_096].map { batch.workerCount(lines: $0) } == [1, 1, 1, 1, 2, 2])
        let eager = BatchScreener(screener: fixture.screener, concurrency: 3, linesPerWorker: 1)
        #expect([1, 2, 40].map { eager.workerCount(lines: $0) } == [1, 2, 3])
    }
}
