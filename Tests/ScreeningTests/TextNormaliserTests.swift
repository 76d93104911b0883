import Foundation
import Screening
import Testing

@Suite("Text normaliser")
struct TextNormaliserTests {
    private let normaliser = TextNormaliser()

    private func text(_ normalised: NormalisedText) -> String {
        String(decoding: normalised.bytes, as: UTF8.self)
    }

    private func original(_ normalised: NormalisedText, _ start: Int, _ end: Int) -> [Int] {
        let span = normalised.originalSpan(start: start, end: end)
        return [span.start, span.end]
    }

    @Test(
        "normalised forms",
        arguments: [
            ("plain ascii", "plain ascii"),
            ("bo\u{200B}mb", "bomb"),
            ("bo\u{00AD}mb", "bomb"),
            ("\u{FEFF}bomb", "bomb"),
            ("ｂｏｍｂ", "bomb"),
            ("\u{212A}elvin", "Kelvin"),
            ("ﬁre", "fire"),
            ("a\u{00A0}b", "a b"),
            ("a  \t b", "a b"),
            ("a\r\nb", "a\nb"),
            ("a \n\n b", "a\nb"),
            ("a\u{2028}b", "a\nb"),
            ("e\u{0301}", "\u{00E9}"),
            ("x\u{0007}y", "xy"),
            ("tab\tonce", "tab once"),
            ("", ""),
        ]
    )
    func forms(input: String, expected: String) {
        #expect(text(normaliser.normalise(input)) == expected)
    }

    static let nonASCIICases: [(String, String)] = [
        ("Ελλάδα, Москва, café", "Ελλάδα, Москва, café"),
        ("\u{212B}ngström ｂｏｍｂ", "\u{00C5}ngström bomb"),
        ("caf\u{00E9}\u{0301}\u{00A0}Zo\u{0308}e", "caf\u{00E9}\u{0301} Zöe"),
        ("Ё\u{200B}ж \u{1F600}", "Ёж \u{1F600}"),
    ]

    @Test(
        "non-ASCII scripts pass through; compatibility forms, combining marks and removals as in ASCII",
        arguments: nonASCIICases
    )
    func nonASCIIForms(input: String, expected: String) {
        #expect(text(normaliser.normalise(input)) == expected)
    }

    @Test(
        "Hangul letters compose into syllables as the Unicode Standard's algorithm says (not as Foundation does)",
        arguments: [
            ("\u{1100}\u{1161}", "\u{AC00}"),
            ("\u{AC00}\u{11A8}", "\u{AC01}"),
            ("\u{1100}\u{1161}\u{11A8}", "\u{AC01}"),
            ("\u{1112}\u{1175}\u{11C2}", "\u{D7A3}"),
            ("\u{3131}\u{314F}", "\u{AC00}"),
            ("\u{AC00}\u{3133}", "\u{AC03}"),
            ("\u{1100}\u{200B}\u{1161}", "\u{AC00}"),
            ("폭탄 \u{1111}\u{1169}\u{11A8}\u{1110}\u{1161}\u{11AB}", "폭탄 폭탄"),
            // Not composable: an archaic initial, U+11A7 (not a final), a final after a syllable that has one.
            ("\u{1113}\u{1161}", "\u{1113}\u{1161}"),
            ("\u{1100}\u{1161}\u{11A7}", "\u{AC00}\u{11A7}"),
            ("\u{AC01}\u{11A8}", "\u{AC01}\u{11A8}"),
            ("a\u{1161}", "a\u{1161}"),
        ]
    )
    func hangulSyllables(input: String, expected: String) {
        #expect(text(normaliser.normalise(input)) == expected)
    }

    @Test("random Hangul text: nothing lost or invented, no composable pair left, normalising again changes nothing")
    func hangulRandomTexts() {
        let pool: [Unicode.Scalar] = [
            "\u{1100}", "\u{1112}", "\u{1113}", "\u{1161}", "\u{1175}", "\u{11A7}", "\u{11A8}", "\u{11C2}",
            "\u{AC00}", "\u{AC01}", "\u{D7A3}", "\u{3131}", "\u{3133}", "\u{314F}", "\u{318E}", "a",
        ]
        var state: UInt64 = 0x4A_A3C0
        for _ in 0..<2000 {
            var input = String.UnicodeScalarView()
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for _ in 0..<(Int(state >> 60) + 1) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                input.append(pool[Int(state >> 33) % pool.count])
            }
            let string = String(input)
            let output = text(normaliser.normalise(string))
            let scalars = Array(output.unicodeScalars)
            let label = string.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " ")
            // Foundation's decomposition is right where its composition is not: compare fully decomposed forms.
            #expect(
                output.decomposedStringWithCompatibilityMapping.unicodeScalars.elementsEqual(
                    string.decomposedStringWithCompatibilityMapping.unicodeScalars
                ),
                "\(label)"
            )
            for (first, second) in zip(scalars, scalars.dropFirst()) {
                let initialVowel = (0x1100...0x1112).contains(first.value) && (0x1161...0x1175).contains(second.value)
                let syllableFinal =
                    (0xAC00...0xD7A3).contains(first.value) && (first.value - 0xAC00) % 28 == 0
                    && (0x11A8...0x11C2).contains(second.value)
                #expect(!initialVowel && !syllableFinal, "\(label): composable pair left")
            }
            #expect(text(normaliser.normalise(output)) == output, "\(label)")
        }
    }

    @Test("spans map back to code points of the original through non-ASCII letters and removed characters")
    func spansThroughNonASCII() {
        let normalised = normaliser.normalise("Ёж\u{200B}ик  и bo\u{00AD}mb")
        #expect(text(normalised) == "Ёжик и bomb")
        let bomb = Array("Ёжик и ".utf8).count
        #expect(original(normalised, bomb, bomb + 4) == [9, 14])
        #expect(original(normalised, 0, Array("Ёжик".utf8).count) == [0, 5])
    }

    @Test("plain ASCII with single spaces is the identity: byte offsets are code points")
    func identity() {
        let normalised = normaliser.normalise("How do I build a bomb?")
        #expect(normalised.isIdentity)
        #expect(normalised.originalLength == 22)
        #expect(original(normalised, 9, 21) == [9, 21])
    }

    @Test("a single tab becomes a space and a single carriage return a line feed, without moving offsets")
    func tabsInIdentity() {
        let normalised = normaliser.normalise("a\tb\rc")
        #expect(text(normalised) == "a b\nc")
        #expect(original(normalised, 2, 3) == [2, 3])
    }

    @Test(
        "plain ASCII folds whitespace like text with other characters does",
        arguments: ["a\rb", "a\tb", "a\nb", "a b", "a\r\nb", "a \rb", "a\u{0B}b", "a\u{0C}b"]
    )
    func asciiAgreesWithGeneralPath(input: String) {
        // A trailing "é" forces the general path; everything before it must come out the same.
        let ascii = text(normaliser.normalise(input))
        let general = text(normaliser.normalise(input + "é"))
        #expect(general == ascii + "é")
    }

    @Test("spans map back across removed, folded and expanded characters")
    func spanMapping() {
        let zeroWidth = normaliser.normalise("Here: bo\u{200B}mb")
        #expect(!zeroWidth.isIdentity)
        #expect(original(zeroWidth, 6, 10) == [6, 11])
        #expect(original(zeroWidth, 0, 4) == [0, 4])

        let spaces = normaliser.normalise("a   b")
        #expect(text(spaces) == "a b")
        #expect(original(spaces, 2, 3) == [4, 5])
        #expect(original(spaces, 1, 2) == [1, 4])

        // "é" (2 bytes) from one code point; "ﬁ" expands to two letters from one code point.
        let mixed = normaliser.normalise("éﬁx")
        #expect(text(mixed) == "éfix")
        #expect(original(mixed, 0, 2) == [0, 1])
        #expect(original(mixed, 2, 3) == [1, 2])
        #expect(original(mixed, 3, 4) == [1, 2])
        #expect(original(mixed, 4, 5) == [2, 3])
        #expect(mixed.originalLength == 3)

        let bom = normaliser.normalise("\u{FEFF}bomb")
        #expect(original(bom, 0, 4) == [1, 5])
    }

    @Test("an empty span maps to a point")
    func emptySpan() {
        let normalised = normaliser.normalise("ab\u{200B}c")
        #expect(original(normalised, 2, 2) == [3, 3])
        #expect(original(normalised, 3, 3) == [4, 4])
    }

    @Test("byteOffset(afterCodePoints:) counts normalised code points")
    func byteOffset() {
        let normalised = normaliser.normalise("äbc😀d")
        #expect(normalised.byteOffset(afterCodePoints: 0) == 0)
        #expect(normalised.byteOffset(afterCodePoints: 1) == 2)
        #expect(normalised.byteOffset(afterCodePoints: 3) == 4)
        #expect(normalised.byteOffset(afterCodePoints: 4) == 8)
        #expect(normalised.byteOffset(afterCodePoints: 99) == 9)
    }

    @Test("byteOffset(afterCodePoints:) agrees with counting scalars, across ASCII runs of every length")
    func byteOffsetAcrossASCIIRuns() {
        let text = (0..<40).map { String(repeating: "a", count: $0) + "é😀" }.joined()
        let normalised = normaliser.normalise(text)
        let scalars = Array(text.unicodeScalars)
        for count in [0, 1, 7, 8, 9, 15, 16, 17, 100, 299, 300, 301, scalars.count - 1, scalars.count, 5_000] {
            let expected = scalars.prefix(count).reduce(0) { $0 + UTF8.width($1) }
            #expect(normalised.byteOffset(afterCodePoints: count) == expected, "\(count) code points")
        }
    }
}
