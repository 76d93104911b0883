import Batch
import Foundation
import Policy
import Screening

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

    let path: String
    let screener: Screener

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("batch-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path + "/policies", withIntermediateDirectories: true)
        try Data(Self.refusals.utf8).write(to: URL(fileURLWithPath: path + "/policies/refusals.yaml"))
        try Data(Self.violence.utf8).write(to: URL(fileURLWithPath: path + "/policies/violence.yaml"))
        screener = Screener(policies: try CompiledPolicySet.load(directory: path + "/policies"))
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes an input file and returns its path.
    func input(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = path + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    func input(_ name: String, _ text: String) throws -> String {
        try input(name, Array(text.utf8))
    }

    /// Screens `file` and returns the report, the batches the sink saw and the parsed verdict lines.
    func screen(
        _ file: String,
        concurrency: Int = 2,
        maxLineBytes: Int = 16 << 20,
        chunkBytes: Int = 4 << 20
    ) throws -> (report: FileReport, batches: [VerdictBatch], verdicts: [[String: Any]]) {
        let batch = BatchScreener(
            screener: screener,
            concurrency: concurrency,
            maxLineBytes: maxLineBytes,
            chunkBytes: chunkBytes
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
