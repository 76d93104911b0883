import Screening
import Testing

/// Inputs the libFuzzer harnesses (Fuzz/) found, kept so the fixes stay fixed.
@Suite("Fuzz regressions: screening")
struct ScreeningFuzzRegressionTests {
    private let normaliser = TextNormaliser()

    /// The normalised text as a string, compared by scalars: `==` on `String` would call NFC and NFD equal.
    private func scalars(_ normalised: NormalisedText) -> [UInt32] {
        String(decoding: normalised.bytes, as: UTF8.self).unicodeScalars.map(\.value)
    }

    /// FuzzTextNormaliser, first minute: a NUL between two combining marks split them into two
    /// clusters, so NFKC never put them in canonical order (U+0323 sorts before U+0300) and a second
    /// normalisation changed the text.
    @Test("a removed character between combining marks does not keep them out of canonical order")
    func removedCharacterBetweenMarks() {
        let input: [UInt8] = [0x61, 0x74, 0x74, 0x74, 0x88, 0xCC, 0x80, 0x00, 0xCC, 0xA3, 0x28]
        let normalised = normaliser.normalise(String(decoding: input, as: UTF8.self))
        #expect(scalars(normalised) == [0x61, 0x74, 0x74, 0x74, 0xFFFD, 0x323, 0x300, 0x28])
        let again = normaliser.normalise(String(decoding: normalised.bytes, as: UTF8.self))
        #expect(again.bytes == normalised.bytes)
    }

    /// The same cluster split let a zero-width character between a letter and its accent leave the
    /// accent uncomposed, so a pattern written with composed letters (as docs/FORMATS.md asks) missed.
    @Test(
        "a format or control character between a letter and its accent does not stop composition",
        arguments: [
            ("caf" + "e\u{200B}\u{0301}", [0x63, 0x61, 0x66, 0xE9] as [UInt32]),
            ("caf" + "e\u{00AD}\u{0301}", [0x63, 0x61, 0x66, 0xE9]),
            ("caf" + "e\u{0007}\u{200D}\u{0301}!", [0x63, 0x61, 0x66, 0xE9, 0x21]),
            ("\u{200B}\u{0301}x", [0x301, 0x78]),
        ]
    )
    func formatCharacterBeforeMark(input: String, expected: [UInt32]) {
        let normalised = normaliser.normalise(input)
        #expect(scalars(normalised) == expected)
        let again = normaliser.normalise(String(decoding: normalised.bytes, as: UTF8.self))
        #expect(again.bytes == normalised.bytes)
    }

    @Test("the composed letter's span covers the letter, the removed character and the accent")
    func composedSpan() {
        let normalised = normaliser.normalise("caf" + "e\u{200B}\u{0301} ok")
        // "é" is bytes 3..<5 of the normalised text; the original "e", U+200B, U+0301 are code points 3..<6.
        let span = normalised.originalSpan(start: 3, end: 5)
        #expect([span.start, span.end] == [3, 6])
        let after = normalised.originalSpan(start: 6, end: 8)
        #expect([after.start, after.end] == [7, 9])
    }

    /// FuzzTextNormaliser, `make fuzz`: swift-foundation's NFKC does not reorder and compose the marks
    /// after a compatibility character it decomposes, so "ǅ" + U+0323 came out as "Dž" + U+0323 and a
    /// second normalisation gave "Dẓ̌". Expected values are Python's `unicodedata.normalize("NFKC")`.
    @Test(
        "a compatibility character followed by combining marks is fully NFKC",
        arguments: [
            ("\u{01C5}\u{0323}", [0x44, 0x1E93, 0x30C] as [UInt32]),
            ("\u{01C5}\u{0000}\u{0000}\u{0323}(", [0x44, 0x1E93, 0x30C, 0x28]),
            ("\u{01C6}\u{0323}", [0x64, 0x1E93, 0x30C]),
            ("x\u{0385}\u{0323}", [0x78, 0x20, 0x323, 0x308, 0x301]),
        ]
    )
    func compatibilityCharacterBeforeMarks(input: String, expected: [UInt32]) {
        let normalised = normaliser.normalise(input)
        #expect(scalars(normalised) == expected)
        let again = normaliser.normalise(String(decoding: normalised.bytes, as: UTF8.self))
        #expect(again.bytes == normalised.bytes)
    }

    /// FuzzItemDecoder, CI's `make fuzz-ci`: a line break between tokens of an unknown field was copied
    /// into `meta` verbatim, so the verdict for it spanned two lines.
    @Test("a line break inside an unknown field's value does not split the verdict line")
    func lineBreakInMeta() throws {
        let line =
            Array(#"{"extra":[{"role":"assistant","content":"#.utf8) + [0x0A, 0x0D]
            + Array(#""a"}],"prompt":"p","response":"r"}"#.utf8)
        let item = try line.withUnsafeBytes { try ItemDecoder().decode($0, file: "f.jsonl", line: 1) }
        #expect(item.meta.map(\.json) == [#"[{"role":"assistant","content":  "a"}]"#])
        let verdict = Verdict(
            idJSON: item.idJSON,
            file: "f.jsonl",
            line: 1,
            outcome: .pass,
            refused: false,
            findings: [],
            policy: "sha256:0",
            screenedAt: "2026-01-01T00:00:00Z",
            meta: item.meta
        )
        let encoded = VerdictEncoder.encode(verdict)
        #expect(encoded.filter { $0 == "\n" }.count == 1 && encoded.hasSuffix("\n"))
    }
}
