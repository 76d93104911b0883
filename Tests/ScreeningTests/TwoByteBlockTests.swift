import Testing

@testable import Screening

/// The sixteen-byte tests for ASCII and two-byte UTF-8 must pass a block exactly when a byte-by-byte reading
/// does, and count its characters the same way.
@Suite("Two-byte blocks")
struct TwoByteBlockTests {
    /// Bytes that matter to the tests: ASCII (plain, space, line feed, control, DEL), two-byte leads kept and
    /// not kept, overlong leads, three- and four-byte leads, continuation bytes at both ends, and invalid bytes.
    private static let alphabet: [UInt8] = [
        0x61, 0x20, 0x20, 0x0A, 0x01, 0x7F, 0x21, 0xC3, 0xC3, 0xD0, 0xD1, 0xD2, 0xC2, 0xC4, 0xDF, 0xC0, 0xC1, 0xE2,
        0xF0, 0x80, 0x80, 0xA9, 0xBF, 0xFF,
    ]

    /// What ``TwoByteBlock/isValid(_:next:)`` should say about the block at the start of `bytes` (17 or more
    /// bytes, the first not a continuation byte): its characters are ASCII or two-byte, read byte by byte.
    private static func isValidReading(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < 16 {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
            } else if byte >= 0xC2 && byte <= 0xDF && bytes[index + 1] & 0xC0 == 0x80 {
                index += 2
            } else {
                return false
            }
        }
        // After sixteen bytes, the seventeenth must start a character (or end the last one, index 17).
        return index == 17 || bytes[16] & 0xC0 != 0x80
    }

    /// What ``TwoByteBlock/keptCharacters(_:next:)`` should give for valid UTF-8 `bytes` (17 or more): the
    /// number of characters in the first sixteen bytes when each is plain ASCII or a letter with lead C3, D0
    /// or D1.
    private static func keptReading(_ bytes: [UInt8]) -> Int? {
        var index = 0
        var characters = 0
        while index < 16 {
            let byte = bytes[index]
            if byte < 0x80 {
                guard NormaliserIdentityPathTests.isPlain(bytes, index) else { return nil }
                index += 1
            } else if [0xC3, 0xD0, 0xD1].contains(byte) {
                index += 2
            } else {
                return nil
            }
            characters += 1
        }
        return characters
    }

    private static func load(_ bytes: [UInt8]) -> (SIMD16<UInt8>, SIMD16<UInt8>) {
        bytes.withUnsafeBytes {
            ($0.loadUnaligned(as: SIMD16<UInt8>.self), $0.loadUnaligned(fromByteOffset: 1, as: SIMD16<UInt8>.self))
        }
    }

    @Test("random bytes: a block passes exactly when it reads as ASCII and whole two-byte characters")
    func validIsExact() {
        var state: UInt64 = 0x2B_10C4
        var passed = 0
        var passedWithLeadLast = 0
        for round in 0..<300_000 {
            var bytes = NormaliserIdentityPathTests.randomBytes(18, Self.alphabet, letterShare: round % 3 + 1, &state)
            // Mostly well-formed: in two rounds of three, every lead gets a continuation after it.
            if round % 3 != 0 {
                for index in 0..<17 where bytes[index] >= 0xC2 && bytes[index] <= 0xDF { bytes[index + 1] = 0xA9 }
            }
            guard bytes[0] & 0xC0 != 0x80 else { continue }
            let (block, next) = Self.load(bytes)
            let expected = Self.isValidReading(bytes)
            #expect(TwoByteBlock.isValid(block, next: next) == expected, "\(bytes)")
            if expected {
                passed += 1
                if TwoByteBlock.length(of: block) == 17 { passedWithLeadLast += 1 }
            }
        }
        #expect(passed > 5_000 && passedWithLeadLast > 500, "passed \(passed), \(passedWithLeadLast) ending past 16")
    }

    @Test("random valid text: the kept-character count equals a byte-by-byte count, or both refuse the block")
    func keptCharactersAreCounted() {
        let pool: [String] = ["a", "Z", " ", " ", "\n", "!", "é", "É", "×", "ж", "Ё", "ё", "ѿ", "ę", "\u{00A0}", "—"]
        var state: UInt64 = 0xCE_11
        var counted = 0
        for round in 0..<100_000 {
            var text = ""
            while text.utf8.count < 17 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                // Some rounds only from the first twelve (which the block passes), so that whole blocks occur.
                let pick = Int(state >> 33) % (round % 2 == 0 ? 12 : pool.count)
                text += pool[pick]
            }
            let bytes = Array(text.utf8)
            let (block, next) = Self.load(bytes)
            let expected = Self.keptReading(bytes)
            #expect(TwoByteBlock.keptCharacters(block, next: next) == expected, "\(text.debugDescription)")
            if let expected {
                counted += 1
                // A block ends on a character boundary: sixteen bytes, or seventeen with a letter across the end.
                let length = TwoByteBlock.length(of: block)
                #expect(String(decoding: bytes[..<length], as: UTF8.self).unicodeScalars.count == expected)
            }
        }
        #expect(counted > 5_000, "whole blocks were tried: \(counted)")
    }

    @Test("the leads the block test keeps are kept in full by the normaliser's table")
    func keptLeadsMatchTheTable() {
        #expect(TwoByteBlock.leadsAreKept)
        // And a lead with a character the normaliser rewrites is not among them (U+00A0, the no-break space).
        #expect(!TwoByteBlock.keptLeads.contains(0xC2))
    }

    @Test("the validator agrees with the standard library on texts of two-byte characters and stray bytes")
    func validatorAgrees() {
        let pieces: [[UInt8]] = [
            Array("ж".utf8), Array("é".utf8), Array("a".utf8), Array(" ".utf8), Array("—".utf8), Array("🙂".utf8),
            [0x80], [0xC3], [0xE2, 0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80],
        ]
        var state: UInt64 = 0x7A11D
        for round in 0..<20_000 {
            var bytes: [UInt8] = []
            let length = 8 + round % 60
            while bytes.count < length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let pick = Int(state >> 33) % (round % 4 == 0 ? pieces.count : 5 * 8)
                bytes += pick < pieces.count ? pieces[pick] : pieces[pick % 4]
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            let found = bytes.withUnsafeBytes { UTF8Validation.firstInvalidOffset($0) }
            #expect((found == nil) == expected, "\(bytes)")
            if let found {
                // The offset is where the valid prefix ends.
                #expect(String(validating: bytes[..<found], as: UTF8.self) != nil, "\(bytes) at \(found)")
            }
        }
    }
}
