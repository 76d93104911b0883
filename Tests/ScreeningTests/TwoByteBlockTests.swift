import Testing

@testable import Screening

/// The sixteen-byte test for ASCII and two-byte letters must pass a block exactly when a byte-by-byte reading
/// does, and count its characters the same way; and the validator must agree with the standard library.
@Suite("Two-byte blocks")
struct TwoByteBlockTests {
    /// What ``TwoByteBlock/keptCharacters(_:next:)`` should give for valid UTF-8 `bytes` (17 or more): the
    /// number of characters in the first sixteen bytes when each is plain ASCII or a letter whose lead byte is
    /// one of ``TwoByteBlock/keptLeads`` (so the block test and the list the table check reads cannot drift apart).
    private static func keptReading(_ bytes: [UInt8]) -> Int? {
        var index = 0
        var characters = 0
        while index < 16 {
            let byte = bytes[index]
            if byte < 0x80 {
                guard NormaliserIdentityPathTests.isPlain(bytes, index) else { return nil }
                index += 1
            } else if TwoByteBlock.keptLeads.contains(byte) {
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
