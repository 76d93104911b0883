import Foundation
import Screening
import Testing

/// The string reader skips eight plain bytes at a time; an escape, a quote or a control character must
/// still be seen wherever it falls in a block.
@Suite("JSON strings read eight bytes at a time")
struct JSONStringBlockTests {
    private let decoder = ItemDecoder()

    @Test("an escape at every offset of a long string decodes as Foundation decodes it")
    func escapesAtEveryOffset() throws {
        let plain = "Ünïcode and plain ASCII text, long enough for several blocks of eight bytes. "
        for escape in [#"\""#, #"\\"#, #"\n"#, #"\u00e9"#, #"\ud83d\ude42"#, #"\/"#] {
            for offset in 0..<24 {
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
        for offset in 0..<20 {
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
}
