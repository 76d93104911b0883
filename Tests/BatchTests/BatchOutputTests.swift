import Batch
import Foundation
import Policy
import Screening
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Batch output, reports and errors")
struct BatchOutputTests {
    @Test("VerdictFileWriter writes exactly the encoded verdict lines")
    func fileWriter() throws {
        let fixture = try BatchFixture()
        let input = try fixture.input(
            "in.jsonl",
            #"{"id":1,"prompt":"hello","response":"hi"}"# + "\n" + #"{"id":2,"prompt":"a bomb","response":"ok"}"# + "\n"
        )
        let outputPath = fixture.path + "/out.jsonl"
        let fd = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        let collector = CollectingSink()
        var sinks: [any VerdictSink] = [VerdictFileWriter(fd: fd, path: outputPath), collector]
        let batch = BatchScreener(screener: fixture.screener, concurrency: 2, linesPerWorker: 1)
        let report = try batch.screenFile(at: input, sourceName: "in.jsonl", sinks: &sinks)
        close(fd)
        let written = try Data(contentsOf: URL(fileURLWithPath: outputPath))
        #expect(Array(written) == collector.batches.flatMap(\.encoded))
        let verdicts = try BatchFixture.parse(Array(written))
        #expect(verdicts.map { $0["id"] as? Int } == [1, 2])
        #expect(verdicts.map(\.outcome) == ["pass", "flag"])
        #expect(verdicts.allSatisfy { ($0["source"] as? [String: Any])?["file"] as? String == "in.jsonl" })
        #expect(verdicts.allSatisfy { $0["policy"] as? String == report.policyDigest })
        #expect(verdicts.allSatisfy { ($0["screened_at"] as? String).map(Self.isRFC3339) == true })
    }

    @Test(
        "when no sink reads results, batches carry none but the same verdicts and counts",
        arguments: [1, 2]
    )
    func withoutResults(concurrency: Int) throws {
        let fixture = try BatchFixture()
        let lines = (1...40).map { number in
            number % 7 == 0
                ? "not json \(number)"
                : #"{"id":\#(number),"prompt":"\#(number % 3 == 0 ? "a bomb" : "hello")","response":"hi"}"#
        }
        let input = try fixture.input("in.jsonl", lines.joined(separator: "\n") + "\n")
        func run(_ sink: CollectingSink) throws -> FileReport {
            var sinks: [any VerdictSink] = [sink]
            let batch = BatchScreener(screener: fixture.screener, concurrency: concurrency, linesPerWorker: 1)
            return try batch.screenFile(at: input, sourceName: "in.jsonl", sinks: &sinks)
        }
        let reading = CollectingSink()
        let counting = CollectingSink(readsResults: false)
        let withResults = try run(reading)
        let withoutResults = try run(counting)
        #expect(reading.batches.map(\.results.count) == reading.batches.map(\.count))
        #expect(counting.batches.allSatisfy { $0.results.isEmpty })
        #expect(counting.batches.map(\.count) == reading.batches.map(\.count))
        #expect(counting.batches.map(\.count).reduce(0, +) == 40)
        let verdicts = try BatchFixture.parse(counting.batches.flatMap(\.encoded))
        #expect(verdicts.map(\.outcome) == (try BatchFixture.parse(reading.batches.flatMap(\.encoded))).map(\.outcome))
        #expect(verdicts.filter { $0.outcome == "error" }.count == 5)
        #expect(verdicts.filter { $0.outcome == "flag" }.count == 12)
        let counts: [Int] = [
            withoutResults.items, withoutResults.passed, withoutResults.flagged, withoutResults.errors,
        ]
        #expect(counts == [withResults.items, withResults.passed, withResults.flagged, withResults.errors])
        #expect(counts == [40, 23, 12, 5])
        #expect(withoutResults.findingsByKind == withResults.findingsByKind)
        // A reading sink beside one that does not still gets every result.
        let both = CollectingSink()
        var sinks: [any VerdictSink] = [CollectingSink(readsResults: false), both]
        _ = try BatchScreener(screener: fixture.screener, concurrency: concurrency, linesPerWorker: 1)
            .screenFile(at: input, sourceName: "in.jsonl", sinks: &sinks)
        #expect(both.batches.flatMap(\.results).count == 40)
    }

    @Test("a write to a bad descriptor is a write error naming the path")
    func writeError() {
        let writer = VerdictFileWriter(fd: -1, path: "/nowhere/out.jsonl")
        #expect {
            try writer.writeAll(Array("x\n".utf8))
        } throws: { error in
            guard let error = error as? BatchError else { return false }
            return error.operation == .write && error.errno == EBADF
                && error.description == "cannot write verdicts to /nowhere/out.jsonl: Bad file descriptor"
        }
    }

    @Test("a missing input file is an open error naming it")
    func missingInput() throws {
        let fixture = try BatchFixture()
        let batch = BatchScreener(screener: fixture.screener, concurrency: 1)
        var sinks: [any VerdictSink] = []
        let path = fixture.path + "/missing.jsonl"
        #expect {
            _ = try batch.screenFile(at: path, sourceName: "missing.jsonl", sinks: &sinks)
        } throws: { error in
            guard let error = error as? BatchError else { return false }
            return error.operation == .open && error.errno == ENOENT
                && error.description == "cannot open \(path): No such file or directory"
        }
    }

    @Test("a directory given as input is a read error naming it")
    func directoryInput() throws {
        let fixture = try BatchFixture()
        let batch = BatchScreener(screener: fixture.screener, concurrency: 1)
        var sinks: [any VerdictSink] = []
        #expect {
            _ = try batch.screenFile(at: fixture.path, sourceName: "dir", sinks: &sinks)
        } throws: { error in
            guard let error = error as? BatchError else { return false }
            return error.operation == .read && error.errno == EISDIR
                && error.description == "cannot read \(fixture.path): Is a directory"
        }
    }

    struct FailingSink: VerdictSink {
        struct Full: Error, CustomStringConvertible {
            var description: String { "disk full" }
        }
        mutating func write(_ batch: VerdictBatch) throws { throw Full() }
    }

    @Test("a failing sink stops screening with a sink error")
    func sinkError() throws {
        let fixture = try BatchFixture()
        let input = try fixture.input("in.jsonl", #"{"prompt":"hello","response":"hi"}"# + "\n")
        let batch = BatchScreener(screener: fixture.screener, concurrency: 1)
        var sinks: [any VerdictSink] = [FailingSink()]
        #expect {
            _ = try batch.screenFile(at: input, sourceName: "in.jsonl", sinks: &sinks)
        } throws: { error in
            guard let error = error as? BatchError else { return false }
            return error.operation == .sink && error.description == "cannot hand verdicts of \(input) on: disk full"
        }
    }

    @Test("FileReport counts outcomes, findings by kind and category, and merges")
    func reportCounts() throws {
        let fixture = try BatchFixture()
        let lines = [
            #"{"prompt":"hello","response":"hi"}"#,
            #"{"prompt":"a bomb","response":"Here: a detonator and a detonator."}"#,
            #"{"prompt":"hello","response":"I can't help with that."}"#,
            #"{"prompt":"a bomb","response":"I cannot help."}"#,
            #"{"prompt":"hello"}"#,
            "not json",
        ]
        let text = lines.joined(separator: "\n") + "\n"
        let result = try fixture.screen(try fixture.input("mixed.jsonl", text))
        let report = result.report
        #expect(result.verdicts.map(\.outcome) == ["pass", "flag", "flag", "pass", "error", "error"])
        #expect(
            result.verdicts.map(\.findingKinds) == [
                [], ["missing_refusal", "disallowed_content"], ["over_refusal"], [], [], [],
            ]
        )
        #expect(result.verdicts[4].errorMessage == "line 5: missing `response`")
        #expect(
            result.verdicts[5].errorMessage
                == "line 6: invalid JSON at column 1: expected '{' (each line must be one JSON object), found 'n'"
        )
        #expect(report.items == 6)
        #expect(report.passed == 2)
        #expect(report.flagged == 2)
        #expect(report.errors == 2)
        #expect(report.findingsByKind == ["missing_refusal": 1, "disallowed_content": 1, "over_refusal": 1])
        #expect(report.findingsByCategory == ["violence": 2, "none": 1])
        #expect(report.bytes == text.utf8.count)

        var total = FileReport(policyDigest: report.policyDigest)
        total.merge(report)
        total.merge(report)
        #expect(total.items == 12)
        #expect(total.errors == 4)
        #expect(total.bytes == 2 * text.utf8.count)
        #expect(total.findingsByKind == ["missing_refusal": 2, "disallowed_content": 2, "over_refusal": 2])
        #expect(total.findingsByCategory == ["violence": 4, "none": 2])
    }

    @Test("Timestamp.now is RFC 3339 UTC to the second, and its date is the moment the text names")
    func timestamp() {
        #expect(Self.isRFC3339(Timestamp.now().text))
        let stamp = Timestamp(Date(timeIntervalSince1970: 1_795_000_000.75))
        #expect(stamp.text == "2026-11-18T11:06:40Z")
        #expect(stamp.date == Date(timeIntervalSince1970: 1_795_000_000), "truncated to the second, like the text")
        #expect(ISO8601DateFormatter().date(from: stamp.text) == stamp.date)
        #expect(Timestamp(Date(timeIntervalSince1970: 0)).text == "1970-01-01T00:00:00Z")
    }

    static func isRFC3339(_ text: String) -> Bool {
        text.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/) != nil
    }
}
