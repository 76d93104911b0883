import Batch
import Foundation
import Policy
import Screening
import TestSupport

/// A temporary directory holding a tiny policy set and input files, removed after the test.
final class BatchFixture {
    static let refusals = """
        markers:
          - id: refusal.en.cant-help
            description: the can't help family
            language: en
            scope: opening
            pattern: '^I (?:can''t|cannot) help'
        """

    static let violence = """
        category: violence
        description: Weapons and attacks
        refuse_prompts:
          - id: violence.bomb
            description: asks for a bomb
            severity: high
            pattern: '\\bbomb\\b'
        forbid_responses:
          - id: violence.detonator
            description: explains detonators
            severity: critical
            pattern: '\\bdetonator\\b'
        """

    private let directory: TemporaryDirectory
    /// The directory's absolute path (policies in `policies/`, inputs beside it).
    var path: String { directory.path }
    let screener: Screener

    init() throws {
        directory = try TemporaryDirectory(prefix: "batch-tests")
        try FileManager.default.createDirectory(atPath: directory.file("policies"), withIntermediateDirectories: true)
        try directory.write("policies/refusals.yaml", Self.refusals)
        try directory.write("policies/violence.yaml", Self.violence)
        screener = Screener(policies: try CompiledPolicySet.load(directory: directory.file("policies")))
    }

    /// Writes an input file and returns its path.
    func input(_ name: String, _ bytes: [UInt8]) throws -> String {
        try directory.write(name, bytes: bytes)
    }

    /// Writes an input file as UTF-8 and returns its path.
    func input(_ name: String, _ text: String) throws -> String {
        try directory.write(name, text)
    }

    /// Screens `file` and returns the report, the batches the sink saw and the parsed verdict lines. Every line
    /// may get its own worker (`linesPerWorker` 1), so the small inputs of tests still go through several.
    func screen(
        _ file: String,
        concurrency: Int = 2,
        maxLineBytes: Int = 16 << 20,
        chunkBytes: Int = 4 << 20,
        linesPerWorker: Int = 1
    ) throws -> (report: FileReport, batches: [VerdictBatch], verdicts: [[String: Any]]) {
        let batch = BatchScreener(
            screener: screener,
            concurrency: concurrency,
            maxLineBytes: maxLineBytes,
            chunkBytes: chunkBytes,
            linesPerWorker: linesPerWorker
        )
        let sink = CollectingSink()
        var sinks: [any VerdictSink] = [sink]
        let report = try batch.screenFile(at: file, sourceName: "input.jsonl", sinks: &sinks)
        return (report, sink.batches, try Self.parse(sink.batches.flatMap(\.encoded)))
    }

    /// Parses verdict JSON lines.
    static func parse(_ bytes: [UInt8]) throws -> [[String: Any]] {
        let text = String(decoding: bytes, as: UTF8.self)
        guard !text.isEmpty else { return [] }
        precondition(text.hasSuffix("\n"), "verdict output must end with a newline")
        return try text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            guard let verdict = object as? [String: Any] else { throw CocoaError(.coderReadCorrupt) }
            return verdict
        }
    }
}

/// Keeps every batch it is handed.
final class CollectingSink: VerdictSink {
    var batches: [VerdictBatch] = []
    let readsResults: Bool

    init(readsResults: Bool = true) {
        self.readsResults = readsResults
    }

    func write(_ batch: VerdictBatch) throws {
        batches.append(batch)
    }
}

extension Dictionary where Key == String, Value == Any {
    /// `source.line` of a parsed verdict.
    var sourceLine: Int? { (self["source"] as? [String: Any])?["line"] as? Int }
    /// `verdict` of a parsed verdict.
    var outcome: String? { self["verdict"] as? String }
    /// `error` of a parsed verdict.
    var errorMessage: String? { self["error"] as? String }
    /// Finding kinds of a parsed verdict.
    var findingKinds: [String] { (self["findings"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String } }
}
