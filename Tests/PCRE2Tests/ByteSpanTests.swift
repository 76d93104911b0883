import Testing

@testable import PCRE2

@Suite("ByteSpan and UTF8Offsets")
struct ByteSpanTests {
    @Test(
        "overlap is shared bytes; an empty span overlaps a span that contains its point",
        arguments: [
            ((0, 4), (2, 6), true), ((0, 4), (4, 8), false), ((4, 8), (0, 4), false),
            ((0, 10), (3, 4), true), ((3, 4), (0, 10), true), ((5, 5), (0, 10), true),
            ((0, 10), (5, 5), true), ((10, 10), (0, 10), true), ((11, 11), (0, 10), false),
            ((5, 5), (5, 5), true), ((5, 5), (6, 6), false),
        ]
    )
    func overlaps(first: (Int, Int), second: (Int, Int), expected: Bool) {
        let a = ByteSpan(start: first.0, end: first.1)
        let b = ByteSpan(start: second.0, end: second.1)
        #expect(a.overlaps(b) == expected)
    }

    private func points(_ span: ByteSpan, _ subject: UnsafeRawBufferPointer) -> [Int] {
        let mapped = span.codePointSpan(in: subject)
        return [mapped.start, mapped.end]
    }

    @Test("codePointSpan counts lead bytes before and inside the span")
    func codePointSpan() {
        var text = "aé😀b東"  // bytes: a(1) é(2) 😀(4) b(1) 東(3)
        text.withUTF8 { buffer in
            let raw = UnsafeRawBufferPointer(buffer)
            #expect(points(ByteSpan(start: 0, end: 11), raw) == [0, 5])
            #expect(points(ByteSpan(start: 1, end: 3), raw) == [1, 2])
            #expect(points(ByteSpan(start: 3, end: 7), raw) == [2, 3])
            #expect(points(ByteSpan(start: 7, end: 8), raw) == [3, 4])
            #expect(points(ByteSpan(start: 8, end: 11), raw) == [4, 5])
            #expect(points(ByteSpan(start: 7, end: 7), raw) == [3, 3])
        }
    }

    @Test("nextCodePoint skips continuation bytes and stops at the end")
    func nextCodePoint() {
        var text = "é😀a"
        text.withUTF8 { buffer in
            let raw = UnsafeRawBufferPointer(buffer)
            #expect(UTF8Offsets.nextCodePoint(in: raw, after: 0) == 2)
            #expect(UTF8Offsets.nextCodePoint(in: raw, after: 2) == 6)
            #expect(UTF8Offsets.nextCodePoint(in: raw, after: 6) == 7)
            #expect(UTF8Offsets.codePoints(in: raw, upTo: 7) == 3)
            #expect(UTF8Offsets.codePoints(in: raw, upTo: 2) == 1)
        }
    }
}
