import Testing

@testable import Screening

/// The identity shortcut must give exactly what the full normaliser gives: the same bytes and the same
/// map back to the original text.
@Suite("Text normaliser: identity shortcut")
struct NormaliserIdentityPathTests {
    private let normaliser = TextNormaliser()

    @Test(
        "European text with accents, capitals, typographic quotes and emoji is taken as it is",
        arguments: [
            "Déjà vu, l’été à Genève 🙂", "Übung macht den Meister. Straße!", "ÉCOLE\nÑandú", "Ελληνικά и кириллица",
            "tab\there", "line\r\nbreak",
        ]
    )
    func takenAsIs(_ text: String) {
        let fast = normaliser.normalise(text)
        #expect(fast.isIdentity == !text.contains("\r\n"))
        expectSame(text)
    }

    @Test("every scalar of the tables (below U+0800, General Punctuation) and around them: shortcut equals full path")
    func tableScalars() {
        let ranges: [ClosedRange<UInt32>] = [0x80...0x7FF, 0x800...0x80F, 0x1FF0...0x2080, 0x20A0...0x20B0]
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                expectSame("a\(scalar)b")
                expectSame("\(scalar)\u{0301}")
            }
        }
    }

    /// Whether the fast path may pass byte `index` of `bytes`: printable ASCII, or a space that no blank or control
    /// character follows.
    static func isPlain(_ bytes: [UInt8], _ index: Int) -> Bool {
        let byte = bytes[index]
        if byte > 0x20 && byte < 0x7F { return true }
        return byte == 0x20 && bytes[index + 1] > 0x20
    }

    /// `count` pseudo-random bytes, each from `alphabet` or a lower-case letter; letters take a share of about
    /// `1 - 1 / letterShare` of the picks.
    static func randomBytes(_ count: Int, _ alphabet: [UInt8], letterShare: Int, _ state: inout UInt64) -> [UInt8] {
        (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let pick = Int(state >> 33) % (alphabet.count * letterShare)
            return pick < alphabet.count ? alphabet[pick] : 0x61 + UInt8(pick % 26)
        }
    }

    @Test("the eight-byte skip never passes a byte that needs a look, and passes whole plain blocks")
    func plainPrefixNeverSkipsAProblem() {
        let alphabet: [UInt8] = [0x61, 0x5A, 0x7E, 0x21, 0x20, 0x20, 0x0A, 0x09, 0x0D, 0x1F, 0x7F, 0x80, 0xC3, 0xE2]
        var state: UInt64 = 0x5EED
        for round in 0..<200_000 {
            // Every other round mostly letters, so whole plain blocks and single problems both occur.
            let bytes = Self.randomBytes(9, alphabet, letterShare: round % 2 == 0 ? 1 : 4, &state)
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            let next = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 1, as: UInt64.self) }
            let skipped = TextNormaliser.plainPrefix(UInt64(littleEndian: word), next: UInt64(littleEndian: next))
            let firstProblem = (0..<8).first { !Self.isPlain(bytes, $0) } ?? 8
            #expect(skipped <= firstProblem, "skipped \(skipped) of \(bytes), first problem at \(firstProblem)")
            // A space before "!" (0x21, one above the blank test's limit) may be flagged after a borrow: a detour
            // through the byte-by-byte path, never a wrong result. Without it, a plain block is passed whole.
            if firstProblem == 8 && !bytes.contains(0x21) {
                #expect(skipped == 8, "a plain block \(bytes) was not passed whole")
            }
        }
    }

    @Test("the sixteen-byte test passes a block exactly when every byte in it is plain")
    func plainBlockIsExact() {
        let alphabet: [UInt8] = [
            0x61, 0x5A, 0x7E, 0x21, 0x20, 0x20, 0x0A, 0x09, 0x0D, 0x1F, 0x00, 0x7F, 0x80, 0xC3, 0xFF,
        ]
        var state: UInt64 = 0xB10C
        var passed = 0
        for round in 0..<200_000 {
            // Mostly letters in most rounds, so that whole plain blocks occur as well as single problems.
            let bytes = Self.randomBytes(17, alphabet, letterShare: round % 4 == 0 ? 1 : 16, &state)
            let plain = (0..<16).allSatisfy { Self.isPlain(bytes, $0) }
            let block = bytes.withUnsafeBytes { $0.loadUnaligned(as: SIMD16<UInt8>.self) }
            let next = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 1, as: SIMD16<UInt8>.self) }
            #expect(TextNormaliser.isPlainBlock(block, next: next) == plain, "\(bytes)")
            if plain { passed += 1 }
        }
        #expect(passed > 10_000, "whole plain blocks were tried: \(passed)")
    }

    @Test("scalar starts are counted eight bytes at a time as byte by byte")
    func scalarStarts() {
        let text = Array("aé€🙂 Ж\u{0301}xyz".utf8)
        for start in 0..<text.count {
            for end in start...text.count {
                let slice = Array(text[start..<end])
                let expected = slice.filter { $0 & 0xC0 != 0x80 }.count
                #expect(slice.withUnsafeBytes { NormalisedText.scalarStarts($0) } == expected)
            }
        }
    }

    @Test("random texts: the shortcut and the full path agree on bytes and on every span")
    func randomTexts() {
        let pool: [String] = [
            "a", "Z", "k", " ", " ", "\n", "\t", "\r", "  ", "\n\n", " \r\n ", ".", "é", "É", "ß", "ẞ", "’", "…", "🙂",
            "\u{00A0}", "\u{200B}",
            "\u{0301}", "e\u{0301}", "\u{212A}", "ﬁ", "ｂ", "Ω", "Ω", "ǅ", "ά", "Ё", "ё", "İ", "ı", "\u{00AD}", "x", "7",
            "\u{1100}", "\u{1161}", "\u{11A8}", "\u{AC00}", "\u{3131}",
        ]
        var state: UInt64 = 0x1D_E471
        for _ in 0..<3000 {
            var text = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Int(state >> 59) + 1
            for _ in 0..<length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                // Mostly plain letters, so that many texts take the shortcut.
                let pick = Int(state >> 33) % (pool.count * 3)
                text += pick < pool.count ? pool[pick] : String(UnicodeScalar(UInt8(0x61 + pick % 26)))
            }
            expectSame(text)
        }
    }

    @Test("long texts: spans agree across the shortcut's checkpoints (every 64 bytes past 4 KB) and at the very end")
    func longTexts() {
        // "é" is two bytes, so these lengths put the end exactly on, before and after checkpoint boundaries.
        for (repeats, tail) in [
            (124, "a"), (2044, "a"), (2076, "a"), (2108, "a"), (2045, ""), (2100, "  x"), (3000, "\n\n"),
        ] {
            let text = String(repeating: "é", count: repeats) + " ab  cd " + tail
            let fast = normaliser.normalise(text)
            let full = normaliser.normaliseInFull(text)
            #expect(fast.bytes == full.bytes)
            let count = fast.bytes.count
            for start in stride(from: 0, to: count, by: 61) + [count - 2, count - 1] {
                for end in [start + 1, start + 2, min(count, start + 300), count] where end > start && end <= count {
                    let a = fast.originalSpan(start: start, end: end)
                    let b = full.originalSpan(start: start, end: end)
                    #expect(a == b, "\(repeats) é + \(tail.debugDescription): [\(start), \(end))")
                }
            }
        }
    }

    private func expectSame(_ text: String) {
        let fast = normaliser.normalise(text)
        let full = normaliser.normaliseInFull(text)
        #expect(fast.bytes == full.bytes, "\(text.debugDescription)")
        #expect(fast.originalLength == full.originalLength, "\(text.debugDescription)")
        // Every pair of byte offsets, not only scalar boundaries (PCRE2 spans never split a scalar, but the map
        // must not depend on that).
        let offsets = Array(0...fast.bytes.count)
        for start in offsets {
            for end in offsets where end >= start {
                let a = fast.originalSpan(start: start, end: end)
                let b = full.originalSpan(start: start, end: end)
                #expect(a == b, "\(text.debugDescription) [\(start), \(end))")
            }
        }
    }
}
