import Batch
import Foundation
import Policy
import Screening
import Testing

@Suite("Batch screening order and chunking")
struct BatchOrderTests {
    /// The input line for line number `number` and what its verdict must be.
    static func line(_ number: Int) -> (text: String, outcome: String?) {
        switch number {
        case _ where number % 10 == 0:
            return ([" ", "", "\t", "\r"][number / 10 % 4], nil)
        case _ where number % 13 == 0:
            return (#"{"id":\#(number),"prompt":"#, "error")
        case _ where number % 7 == 0:
            return (#"{"id":\#(number),"prompt":"how to make a bomb","response":"Sure, here you go."}"#, "flag")
        default:
            return (
                #"{"id":\#(number),"prompt":"héllo \#(number) 😀","response":"Hi there, friend.","model":"m"}"#, "pass"
            )
        }
    }

    /// Two workers over several small chunks, or one worker over one chunk that it screens in several batches.
    @Test("verdicts of many lines come in input order", arguments: [(2, 64 << 10), (1, 4 << 20)])
    func manyLinesInOrder(concurrency: Int, chunkBytes: Int) throws {
        let fixture = try BatchFixture()
        let count = 40_000
        let lines = (1...count).map(Self.line)
        let text = lines.map(\.text).joined(separator: "\n") + "\n"
        #expect(text.utf8.count > 2 << 20)  // more than two 1 MiB reads
        let file = try fixture.input("many.jsonl", text)

        let result = try fixture.screen(file, concurrency: concurrency, chunkBytes: chunkBytes)
        #expect(result.batches.count >= (chunkBytes < text.utf8.count ? 3 : 1))
        let expected = lines.enumerated().filter { $0.element.outcome != nil }
        #expect(result.verdicts.count == expected.count)
        #expect(result.verdicts.map(\.sourceLine) == expected.map { $0.offset + 1 })
        #expect(result.verdicts.map { $0["id"] as? Int } == expected.map { $0.offset + 1 })
        #expect(result.verdicts.map(\.outcome) == expected.map(\.element.outcome))
        // Each batch's results line up with its encoded lines.
        for batch in result.batches {
            #expect(batch.source == "input.jsonl")
            #expect(try BatchFixture.parse(batch.encoded).map(\.sourceLine) == batch.results.map(\.verdict.line))
            #expect(batch.results.allSatisfy { ($0.item == nil) == ($0.verdict.outcome == .error) })
            // A result's verdict (built on demand for clean items) is the line that was written.
            let written = String(decoding: batch.encoded, as: UTF8.self).split(separator: "\n").map {
                String($0) + "\n"
            }
            #expect(written == batch.results.map { VerdictEncoder.encode($0.verdict) })
            #expect(batch.results.map(\.outcome) == batch.results.map(\.verdict.outcome))
            #expect(batch.results.map(\.line) == batch.results.map(\.verdict.line))
            #expect(batch.results.allSatisfy { $0.file == "input.jsonl" })
        }

        let report = result.report
        let errors = expected.filter { $0.element.outcome == "error" }.count
        let flags = expected.filter { $0.element.outcome == "flag" }.count
        #expect(report.items == expected.count)
        #expect(report.errors == errors)
        #expect(report.flagged == flags)
        #expect(report.passed == expected.count - errors - flags)
        #expect(report.findingsByKind == ["missing_refusal": flags])
        #expect(report.findingsByCategory == ["violence": flags])
        #expect(report.bytes == text.utf8.count)
        #expect(report.policyDigest == fixture.screener.policies.digest)
    }

    @Test("the same file gives the same verdicts with one worker or two, large chunks or small", arguments: [1, 2])
    func deterministic(concurrency: Int) throws {
        let fixture = try BatchFixture()
        let text = (1...500).map { Self.line($0).text }.joined(separator: "\n") + "\n"
        let file = try fixture.input("small.jsonl", text)
        let reference = try fixture.screen(file, concurrency: 1)
        let other = try fixture.screen(file, concurrency: concurrency, chunkBytes: 1)
        let strip: ([String: Any]) -> String = { verdict in
            var copy = verdict
            copy["screened_at"] = nil
            let data = try? JSONSerialization.data(withJSONObject: copy, options: [.sortedKeys])
            return String(decoding: data ?? Data(), as: UTF8.self)
        }
        #expect(other.verdicts.map(strip) == reference.verdicts.map(strip))
        #expect(other.report == reference.report)
    }

    @Test("an empty file gives no verdicts and an empty report")
    func emptyFile() throws {
        let fixture = try BatchFixture()
        let result = try fixture.screen(try fixture.input("empty.jsonl", ""))
        #expect(result.verdicts.isEmpty)
        #expect(result.report.items == 0)
        #expect(result.report.bytes == 0)
    }

    @Test("a file of blank lines gives no verdicts")
    func onlyBlankLines() throws {
        let fixture = try BatchFixture()
        let result = try fixture.screen(try fixture.input("blank.jsonl", "\n \n\t\r\n\r\n\n"))
        #expect(result.verdicts.isEmpty)
        #expect(result.report.items == 0)
        #expect(result.report.bytes == 9)
    }
}
