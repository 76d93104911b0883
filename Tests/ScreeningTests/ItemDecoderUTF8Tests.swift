import TestSupport
import Testing

@testable import Screening

/// How the decoder treats invalid UTF-8 on random lines: a line with invalid UTF-8 anywhere is reported as invalid
/// UTF-8 at its first bad byte, whatever else is wrong with it, and every line that decodes is valid UTF-8. (Written
/// for a version that validated each string while reading it, instead of the whole line first; that version was
/// measured as no faster and not kept, and the test stays as the contract either way must meet.)
@Suite("ItemDecoder: invalid UTF-8 on random lines")
struct ItemDecoderUTF8Tests {
    static let lines = [
        #"{"id":"c1","model":"acme","lang":"fr","prompt":"Quelles sont les étapes ?","response":"Voilà : d'abord… ensuite."}"#,
        #"{"id":7,"prompt":"Как приготовить борщ?","response":"Сначала сварите бульон.\nПотом добавьте свёклу."}"#,
        #"{"messages":[{"role":"user","content":[{"type":"text","text":"Wie geht’s? 😀"}]},{"role":"assistant","content":"Gut, danke — und dir?"}],"tags":["ü",1,null]}"#,
        #"{"prompt":"plain ascii text that is long enough for several eight byte blocks","response":"ok \u00e9 \ud83d\ude00"}"#,
    ]

    /// Byte strings that are not valid UTF-8 wherever they stand, and some that are.
    static let insertions: [[UInt8]] = [
        [0xFF], [0xC0, 0xAF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xBF, 0xBF],
        [0xF0, 0x9F, 0x98], [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0x22], [0x5C], [0x0A],
    ]

    private func outcome(_ bytes: [UInt8]) -> Result<ScreeningItem, LineError> {
        bytes.withUnsafeBytes { raw in
            Result { () throws(LineError) in try ItemDecoder().decode(raw, file: "f.jsonl", line: 1) }
        }
    }

    @Test("random bytes inserted anywhere: invalid UTF-8 is reported at its first byte; what decodes is valid")
    func randomInsertions() {
        var random = SeededGenerator(seed: 0x5EED_0007)
        var invalidSeen = 0
        var decodedWithInsertion = 0
        for _ in 0..<20_000 {
            var bytes = Array(Self.lines.randomElement(using: &random)!.utf8)
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                let insertion = Self.insertions.randomElement(using: &random)!
                bytes.insert(contentsOf: insertion, at: Int.random(in: 0...bytes.count, using: &random))
            }
            let firstInvalid = bytes.withUnsafeBytes { UTF8Validation.firstInvalidOffset($0) }
            switch outcome(bytes) {
            case .success(let item):
                #expect(firstInvalid == nil, "decoded a line with invalid UTF-8 at \(firstInvalid ?? -1)")
                #expect(item.promptUTF8.withUnsafeBytes { UTF8Validation.isValid($0) })
                #expect(item.responseUTF8.withUnsafeBytes { UTF8Validation.isValid($0) })
                decodedWithInsertion += 1
            case .failure(let error):
                if let firstInvalid {
                    #expect(error.message == "invalid UTF-8 at byte \(firstInvalid + 1)", "\(error.message)")
                    invalidSeen += 1
                } else {
                    #expect(!error.message.contains("UTF-8"), "\(error.message)")
                }
            }
        }
        // Both kinds occurred often enough for the test to mean something.
        #expect(invalidSeen > 5_000)
        #expect(decodedWithInsertion > 1_000)
    }

    @Test("invalid UTF-8 after a JSON error, or outside any string, is still reported as invalid UTF-8")
    func invalidBeyondTheJSONError() {
        let afterError = Array(#"{"prompt":"p",,"response":"r é"#.utf8) + [0xFF] + Array(#""}"#.utf8)
        guard case .failure(let error) = outcome(afterError) else {
            Issue.record("decoded")
            return
        }
        #expect(error.message == "invalid UTF-8 at byte \(afterError.count - 2)")
        let outsideStrings = Array(#"{"prompt":"p","response":"r"}"#.utf8) + [0xC3]
        guard case .failure(let outside) = outcome(outsideStrings) else {
            Issue.record("decoded")
            return
        }
        #expect(outside.message == "invalid UTF-8 at byte \(outsideStrings.count)")
        let validOutsideStrings = Array(#"{"prompt":"p","response":"r"}é"#.utf8)
        guard case .failure(let json) = outcome(validOutsideStrings) else {
            Issue.record("decoded")
            return
        }
        #expect(json.message.hasPrefix("invalid JSON at column 30"), "\(json.message)")
    }
}

@Suite("ItemDecoder.spells: field names compared as bytes")
struct ItemDecoderKeyTests {
    @Test(
        "only the exact spelling matches: not a prefix, an extension, another case or an empty key",
        arguments: [
            ("prompt", true), ("promp", false), ("prompts", false), ("Prompt", false), ("", false), ("respons", false),
        ]
    )
    func spells(key: String, expected: Bool) {
        #expect(ItemDecoder.spells(Array(key.utf8), "prompt") == expected)
        Array(key.utf8).withUnsafeBytes { #expect(ItemDecoder.spells($0, "prompt") == expected) }
    }

    @Test("an empty name matches only an empty key")
    func emptyName() {
        #expect(ItemDecoder.spells([], ""))
        #expect(!ItemDecoder.spells(Array("a".utf8), ""))
    }
}
