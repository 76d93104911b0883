import Testing

@testable import PCRE2

@Suite("Match spans")
struct MatchSpanTests {
    /// Matches `source` in `text` and returns byte spans and code-point spans.
    private func spans(
        _ source: String,
        in text: String,
        caseless: Bool = true
    ) throws -> (bytes: [ByteSpan], points: [[Int]]) {
        let pattern = try Pattern(source, options: PatternOptions(caseless: caseless))
        let session = MatchSession()
        let bytes = try session.allMatches(of: pattern, in: text)
        var copy = text
        let points = copy.withUTF8 { buffer in
            bytes.map { span in
                let mapped = span.codePointSpan(in: UnsafeRawBufferPointer(buffer))
                return [mapped.start, mapped.end]
            }
        }
        return (bytes, points)
    }

    struct SpanCase: Sendable, CustomTestStringConvertible {
        let pattern: String
        let text: String
        let bytes: [[Int]]
        let points: [[Int]]
        var testDescription: String { "\(pattern) in \(text)" }
    }

    @Test(
        "byte spans count UTF-8 bytes, code-point spans count Unicode scalars",
        arguments: [
            SpanCase(pattern: "bomb", text: "a bomb", bytes: [[2, 6]], points: [[2, 6]]),
            // "Grüße, " is 9 bytes but 7 code points.
            SpanCase(pattern: "bomb", text: "Grüße, bomb", bytes: [[9, 13]], points: [[7, 11]]),
            SpanCase(pattern: "ärger", text: "Viel Ärger", bytes: [[5, 11]], points: [[5, 10]]),
            // An emoji is 4 bytes and one code point.
            SpanCase(
                pattern: "bomb",
                text: "😀 bomb 😀 bomb",
                bytes: [[5, 9], [15, 19]],
                points: [[2, 6], [9, 13]]
            ),
            SpanCase(pattern: "σίσυφος", text: "ὁ Σίσυφος", bytes: [[4, 18]], points: [[2, 9]]),
            SpanCase(pattern: "бомба", text: "это бомба", bytes: [[7, 17]], points: [[4, 9]]),
            SpanCase(pattern: "\\w+", text: "Straße 東京", bytes: [[0, 7], [8, 14]], points: [[0, 6], [7, 9]]),
        ]
    )
    func spans(_ spanCase: SpanCase) throws {
        let result = try spans(spanCase.pattern, in: spanCase.text)
        #expect(result.bytes.map { [$0.start, $0.end] } == spanCase.bytes)
        #expect(result.points == spanCase.points)
    }

    @Test(
        "caseless matching folds case across scripts",
        arguments: [
            ("ärger", "ÄRGER"), ("ÄRGER", "ärger"),
            ("σίσυφος", "ΣΊΣΥΦΟΣ"), ("ΣΊΣΥΦΟΣ", "σίσυφος"),
            ("бомба", "БОМБА"), ("ВЗРЫВЧАТКА", "взрывчатка"),
            ("straße", "STRAßE"), ("élève", "ÉLÈVE"), ("ćwiczenie", "ĆWICZENIE"),
        ]
    )
    func caseless(pattern: String, text: String) throws {
        let matched = try spans(pattern, in: text)
        #expect(matched.bytes == [ByteSpan(start: 0, end: text.utf8.count)])
        let exact = try spans(pattern, in: text, caseless: false)
        #expect(exact.bytes.isEmpty)
    }

    @Test("\\b and \\w are Unicode-aware (UCP), so a word inside a longer word does not match")
    func unicodeWordBoundaries() throws {
        #expect(try spans("\\bärger\\b", in: "Verärgerung").bytes.isEmpty)
        #expect(try spans("\\bärger\\b", in: "großer Ärger.").bytes == [ByteSpan(start: 8, end: 14)])
        #expect(try spans("\\bbomb\\b", in: "ébomb").bytes.isEmpty)
    }

    @Test("firstMatch starts at the given byte offset")
    func firstMatchFromOffset() throws {
        let pattern = try Pattern("b")
        let session = MatchSession()
        let bytes = Array("abcabc".utf8)
        let results = try bytes.withUnsafeBytes { raw throws(PCRE2Error) -> [ByteSpan?] in
            [
                try session.firstMatch(of: pattern, in: raw),
                try session.firstMatch(of: pattern, in: raw, from: 2),
                try session.firstMatch(of: pattern, in: raw, from: 5),
                try session.firstMatch(of: pattern, in: raw, from: 6),
            ]
        }
        #expect(results == [ByteSpan(start: 1, end: 2), ByteSpan(start: 4, end: 5), nil, nil])
    }

    @Test("an empty subject, even one with no base address, is matched, not rejected")
    func emptySubject() throws {
        let session = MatchSession()
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        #expect(try session.firstMatch(of: try Pattern("a*"), in: empty) == ByteSpan(start: 0, end: 0))
        #expect(try session.firstMatch(of: try Pattern("a"), in: empty) == nil)
        #expect(try session.allMatches(of: try Pattern("a"), in: "") == [])
    }

    @Test("allMatches returns non-overlapping matches left to right and stops at the limit")
    func allMatchesLimit() throws {
        let session = MatchSession()
        let pattern = try Pattern("aa")
        #expect(
            try session.allMatches(of: pattern, in: "aaaaa") == [
                ByteSpan(start: 0, end: 2), ByteSpan(start: 2, end: 4),
            ]
        )
        let single = try Pattern("a")
        #expect(try session.allMatches(of: single, in: "aaaaa", limit: 3).count == 3)
        #expect(try session.allMatches(of: single, in: String(repeating: "a", count: 40)).count == 16)
        #expect(try session.allMatches(of: single, in: "bbb") == [])
    }

    @Test(
        "patterns that can match empty terminate and step over whole code points",
        arguments: [
            ("x*", "aaa", [[0, 0], [1, 1], [2, 2], [3, 3]]),
            // "ä" is two bytes: the empty match after it is at byte 2, never inside it.
            ("x*", "äb", [[0, 0], [2, 2], [3, 3]]),
            ("a*", "baa", [[0, 0], [1, 3], [3, 3]]),
            ("\\b", "hi yo", [[0, 0], [2, 2], [3, 3], [5, 5]]),
            ("(?=😀)", "😀😀", [[0, 0], [4, 4]]),
        ]
    )
    func emptyMatches(pattern: String, text: String, expected: [[Int]]) throws {
        let spans = try MatchSession().allMatches(of: try Pattern(pattern), in: text)
        #expect(spans.map { [$0.start, $0.end] } == expected)
    }

    @Test("allMatches with an empty-matching pattern over a long text stops at the limit")
    func emptyMatchesLongText() throws {
        let text = String(repeating: "é", count: 10_000)
        let spans = try MatchSession().allMatches(of: try Pattern("x*"), in: text, limit: 100_000)
        #expect(spans.count == 10_001)
        #expect(spans.last == ByteSpan(start: 20_000, end: 20_000))
    }

    @Test("a pattern with more groups than the match data still reports the whole match")
    func manyGroups() throws {
        let pattern = try Pattern("(b)(o)(m)(b)")
        #expect(try MatchSession().allMatches(of: pattern, in: "a bomb") == [ByteSpan(start: 2, end: 6)])
    }
}
