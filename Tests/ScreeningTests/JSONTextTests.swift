import Foundation
import Screening
import Testing

@Suite("JSON text")
struct JSONTextTests {
    @Test(
        "strings are quoted with JSON escapes",
        arguments: [
            ("plain", #""plain""#),
            ("a\"b", #""a\"b""#),
            ("a\\b", #""a\\b""#),
            ("a\nb\rc\td", #""a\nb\rc\td""#),
            ("\u{0}\u{1}\u{8}\u{C}\u{1B}\u{1F}", #""\u0000\u0001\u0008\u000c\u001b\u001f""#),
            ("\u{7F} é 😀 /", "\"\u{7F} é 😀 /\""),
            ("\u{2028}\u{2029}", #""\u2028\u2029""#),
            ("\u{85}\u{9F}", #""\u0085\u009f""#),
            ("\u{A0}\u{2027}\u{202A}", "\"\u{A0}\u{2027}\u{202A}\""),
            ("", #""""#),
        ]
    )
    func quoted(input: String, expected: String) {
        #expect(JSONText.quoted(input) == expected)
    }

    @Test("every control character round-trips through JSONSerialization")
    func controlCharactersRoundTrip() throws {
        var text = ""
        for value in UInt32(0)..<0xA0 {
            text.unicodeScalars.append(Unicode.Scalar(value)!)
        }
        text += "\u{2028}\u{2029}"
        let json = "[" + JSONText.quoted(text) + "]"
        #expect(!json.unicodeScalars.contains { $0.value < 0x20 || (0x80..<0xA0).contains($0.value) })
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]
        #expect(parsed == [text])
    }

    @Test("a character needing an escape is found at every offset of a long string (runs are copied in blocks)")
    func escapesAtEveryOffset() throws {
        let plain = "Plain text with é, ’ and 🙂 (C3, E2 and F0 lead bytes) that needs no escape at all."
        for special in ["\"", "\\", "\n", "\u{01}", "\u{85}", "\u{2028}", "\u{2029}", "\u{2026}", "\u{A0}"] {
            for offset in 0..<20 {
                let text = String(plain.prefix(offset)) + special + plain
                let json = "[" + JSONText.quoted(text) + "]"
                #expect(!json.unicodeScalars.contains { $0.value < 0x20 || (0x80..<0xA0).contains($0.value) })
                #expect(!json.contains("\u{2028}") && !json.contains("\u{2029}"))
                let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]
                #expect(parsed == [text], "\(special.debugDescription) at \(offset)")
            }
        }
    }

    @Test("integers and fragments append as text")
    func appendNumbers() {
        var output: [UInt8] = []
        JSONText.append("[", to: &output)
        JSONText.append(-12, to: &output)
        JSONText.append(",", to: &output)
        JSONText.append(0, to: &output)
        JSONText.append("]", to: &output)
        #expect(String(decoding: output, as: UTF8.self) == "[-12,0]")
    }
}
