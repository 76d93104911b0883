import Foundation
import Testing

@testable import Screening

/// The string reader skips sixteen plain bytes at a time, then eight; an escape, a quote or a control character
/// must still be seen wherever it falls in a block.
@Suite("JSON strings read a block at a time")
struct JSONStringBlockTests {
    private let decoder = ItemDecoder()

    @Test("an escape at every offset of a long string decodes as Foundation decodes it")
    func escapesAtEveryOffset() throws {
        let plain = "Ünïcode and plain ASCII text, long enough for several blocks of eight bytes. "
        for escape in [#"\""#, #"\\"#, #"\n"#, #"\u00e9"#, #"\ud83d\ude42"#, #"\/"#] {
            for offset in 0..<40 {
                let prefix = String(plain.prefix(offset))
                let content = prefix + escape + plain
                let line = #"{"id":1,"prompt":"p","response":""# + content + #""}"#
                let item = try decoder.decode(line)
                let expected = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                #expect(item.response == expected?["response"] as? String, "escape \(escape) at \(offset)")
            }
        }
    }

    @Test("a raw control character at any offset is refused, with its column")
    func controlAtEveryOffset() {
        for offset in 0..<40 {
            let content = String(repeating: "a", count: offset) + "\u{01}" + String(repeating: "b", count: 20)
            let line = #"{"id":1,"prompt":"p","response":""# + content + #""}"#
            do {
                _ = try decoder.decode(line)
                Issue.record("a raw control character at offset \(offset) was accepted")
            } catch {
                #expect(error.message.contains("control character"), "\(error.message)")
                #expect(error.message.contains("column \(34 + offset)"), "\(error.message)")
            }
        }
    }

    @Test("the sixteen-byte test finds a quote, a backslash or a control character in any lane, and only those")
    func sixteenByteBlockIsExact() {
        let alphabet: [UInt8] = [0x22, 0x5C, 0x00, 0x1F, 0x20, 0x21, 0x5B, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xC3, 0xFF]
        var state: UInt64 = 0x15_0A
        var plain = 0
        for round in 0..<200_000 {
            let bytes: [UInt8] = (0..<16).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let pick = Int(state >> 33) % (alphabet.count * (round % 2 == 0 ? 1 : 24))
                return pick < alphabet.count ? alphabet[pick] : 0x61 + UInt8(pick % 26)
            }
            let expected = !bytes.contains { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }
            let block = bytes.withUnsafeBytes { $0.loadUnaligned(as: SIMD16<UInt8>.self) }
            #expect(JSONScanner.isPlainStringBlock(block) == expected, "\(bytes)")
            if expected { plain += 1 }
        }
        #expect(plain > 10_000, "plain blocks were tried: \(plain)")
    }
}
