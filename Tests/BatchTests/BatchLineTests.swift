import Batch
import Foundation
import Policy
import Screening
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Batch screening of awkward lines")
struct BatchLineTests {
    static let pass = #"{"id":"p","prompt":"hello","response":"hi"}"#
    static let flag = #"{"id":"f","prompt":"a bomb please","response":"Sure."}"#

    /// A valid line padded with a meta field to exactly `bytes` bytes.
    static func padded(id: String, bytes: Int) -> String {
        let head = #"{"id":"\#(id)","prompt":"hello","response":"hi","pad":""#
        let tail = #""}"#
        return head + String(repeating: "x", count: bytes - head.utf8.count - tail.utf8.count) + tail
    }

    @Test("blank and whitespace-only lines are skipped but keep their line numbers")
    func blankLines() throws {
        let fixture = try BatchFixture()
        let text = "\n" + Self.pass + "\n   \n\t\n" + Self.flag + "\n\n\r\n" + Self.pass + "\n"
        let result = try fixture.screen(try fixture.input("blank.jsonl", text))
        #expect(result.verdicts.map(\.sourceLine) == [2, 5, 8])
        #expect(result.verdicts.map(\.outcome) == ["pass", "flag", "pass"])
        #expect(result.report.items == 3)
    }

    @Test("a file of nothing but bad lines gets an error verdict for each, on one worker or several")
    func onlyBadLines() throws {
        let fixture = try BatchFixture()
        let text = #"{"id":1,"prompt":"# + "\n" + "not json\n" + #"{"id":3,"response":"hi"}"# + "\n"
        for concurrency in [1, 2] {
            let result = try fixture.screen(try fixture.input("bad.jsonl", text), concurrency: concurrency)
            #expect(result.verdicts.map(\.sourceLine) == [1, 2, 3])
            #expect(result.verdicts.map(\.outcome) == ["error", "error", "error"])
            #expect(result.report.errors == 3 && result.report.items == 3)
            #expect(result.batches.flatMap(\.results).allSatisfy { $0.item == nil && $0.outcome == .error })
        }
    }

    @Test("a byte-order mark at the start of the file is skipped; one later in the file is an error")
    func byteOrderMark() throws {
        let fixture = try BatchFixture()
        let bom = "\u{FEFF}"
        let result = try fixture.screen(try fixture.input("bom.jsonl", bom + Self.flag + "\n" + bom + Self.pass + "\n"))
        #expect(result.verdicts.map(\.outcome) == ["flag", "error"])
        #expect(result.verdicts[1].errorMessage?.contains("found byte 0xEF") == true)
    }

    @Test("CRLF line endings are accepted and do not shift error columns")
    func crlf() throws {
        let fixture = try BatchFixture()
        let text = Self.pass + "\r\n" + #"{"prompt" "x"}"# + "\r\n" + Self.flag + "\r\n"
        let result = try fixture.screen(try fixture.input("crlf.jsonl", text))
        #expect(result.verdicts.map(\.outcome) == ["pass", "error", "flag"])
        #expect(
            result.verdicts[1].errorMessage
                == #"line 2: invalid JSON at column 11: expected ':' after an object key, found '"'"#
        )
        #expect(result.verdicts[1]["id"] as? String == "input.jsonl:2")
        #expect(result.verdicts[2].findingKinds == ["missing_refusal"])
    }

    @Test("a final line without a newline is screened", arguments: ["", "\r"])
    func finalLineWithoutNewline(ending: String) throws {
        let fixture = try BatchFixture()
        let text = Self.pass + "\n" + Self.flag + ending
        let result = try fixture.screen(try fixture.input("last.jsonl", text))
        #expect(result.verdicts.map(\.sourceLine) == [1, 2])
        #expect(result.verdicts.map(\.outcome) == ["pass", "flag"])
        #expect(result.report.bytes == text.utf8.count)
    }

    @Test("an over-long line gets an error verdict and the lines around it are screened")
    func overlongLine() throws {
        let fixture = try BatchFixture()
        let long = Self.padded(id: "long", bytes: 1_000)
        let text = [Self.pass, long, Self.flag, Self.padded(id: "exact", bytes: 200)].joined(separator: "\n") + "\n"
        let result = try fixture.screen(try fixture.input("long.jsonl", text), maxLineBytes: 200)
        #expect(result.verdicts.map(\.outcome) == ["pass", "error", "flag", "pass"])
        #expect(result.verdicts[1].errorMessage == "line 2: line is 1000 bytes, longer than the maximum of 200 bytes")
        #expect(result.verdicts[1]["id"] as? String == "input.jsonl:2")
        #expect(result.verdicts[3]["id"] as? String == "exact")
        #expect(result.report.errors == 1)
    }

    @Test("an over-long last line without a newline gets an error verdict", arguments: [300, 5_000])
    func overlongLastLine(length: Int) throws {
        let fixture = try BatchFixture()
        let text = Self.pass + "\n" + Self.flag + "\n" + Self.padded(id: "long", bytes: length)
        let result = try fixture.screen(try fixture.input("long-last.jsonl", text), maxLineBytes: 200)
        #expect(result.verdicts.map(\.outcome) == ["pass", "flag", "error"])
        #expect(
            result.verdicts[2].errorMessage == "line 3: line is \(length) bytes, longer than the maximum of 200 bytes"
        )
    }

    @Test(
        "an over-long line across read boundaries is measured whole and nothing after it is lost",
        arguments: [
            // Reads are 64 KiB, then 256 KiB, then 1 MiB each. The first read ends 100 bytes into the long line
            // (under the limit so far).
            (64 << 10, 100, 5_000),
            // The first read ends 1 500 bytes into it (already over the limit).
            (64 << 10, 1_500, 5_000),
            // The second read, from the grown scratch buffer, ends 100 bytes into it.
            ((64 << 10) + (256 << 10), 100, 5_000),
            // A line of several MiB spans several reads.
            (64 << 10, 10, 3 << 20),
        ]
    )
    func overlongAcrossReads(boundary: Int, intoLine: Int, length: Int) throws {
        let fixture = try BatchFixture()
        var lines: [String] = []
        var size = 0
        // Fill up to exactly `boundary - intoLine` bytes with valid lines.
        while size < boundary - intoLine {
            let remaining = boundary - intoLine - size
            let line =
                remaining > 400
                ? Self.padded(id: "f\(lines.count)", bytes: 199)
                : Self.padded(id: "f\(lines.count)", bytes: remaining - 1)
            lines.append(line)
            size += line.utf8.count + 1
        }
        #expect(size == boundary - intoLine)
        let filler = lines.count
        lines.append(Self.padded(id: "long", bytes: length))
        lines += (0..<50).map { Self.padded(id: "after\($0)", bytes: 150) }
        let text = lines.joined(separator: "\n") + "\n"
        let result = try fixture.screen(
            try fixture.input("boundary.jsonl", text),
            maxLineBytes: 1_000,
            chunkBytes: 64 << 10
        )
        #expect(result.verdicts.count == lines.count)
        #expect(result.verdicts.map(\.sourceLine) == Array(1...lines.count))
        #expect(
            result.verdicts[filler].errorMessage
                == "line \(filler + 1): line is \(length) bytes, longer than the maximum of 1000 bytes"
        )
        #expect(result.verdicts.filter { $0.outcome == "pass" }.count == lines.count - 1)
        #expect(result.verdicts.last?["id"] as? String == "after49")
    }

    @Test("a pipe delivering lines in small pieces gives the same verdicts as a file")
    func pipeInPieces() throws {
        let fixture = try BatchFixture()
        let text = (0..<200).map { $0 % 3 == 0 ? Self.flag : Self.pass }.joined(separator: "\n") + "\n"
        let bytes = Array(text.utf8)
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let writeEnd = fds[1]
        let pieces = stride(from: 0, to: bytes.count, by: 7).map { Array(bytes[$0..<min($0 + 7, bytes.count)]) }
        let writer = Thread {
            for piece in pieces {
                _ = piece.withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
            }
            close(writeEnd)
        }
        writer.start()
        defer { close(fds[0]) }
        let batch = BatchScreener(screener: fixture.screener, concurrency: 2, linesPerWorker: 1)
        let sink = CollectingSink()
        var sinks: [any VerdictSink] = [sink]
        let report = try batch.screen(fd: fds[0], path: "pipe", sourceName: "stdin", sinks: &sinks)
        let verdicts = try BatchFixture.parse(sink.batches.flatMap(\.encoded))
        #expect(verdicts.count == 200)
        #expect(verdicts.map(\.sourceLine) == Array(1...200))
        #expect(report.flagged == 67)
        #expect(report.bytes == bytes.count)
        #expect(verdicts.allSatisfy { ($0["source"] as? [String: Any])?["file"] as? String == "stdin" })
    }
}
