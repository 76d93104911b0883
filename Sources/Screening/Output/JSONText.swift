/// Writing JSON text by hand: verdict lines are produced at hundreds of MB/s, so they are
/// appended straight into a byte buffer instead of going through an encoder.
public enum JSONText {
    /// `text` as a quoted, escaped JSON string.
    public static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendQuoted(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` as a quoted JSON string. Control characters (C0 and C1) and the
    /// line/paragraph separators are escaped, so no reader that splits lines on them (Python's
    /// `str.splitlines`, JavaScript before ES2019) breaks a verdict line; everything else is
    /// copied as UTF-8.
    public static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        output.append(0x22)
        var text = text
        text.withUTF8 { bytes in
            // Bytes that need nothing are copied in runs; only the few that may need an escape stop a run.
            var runStart = 0
            var index = 0
            func flush() {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            }
            while index < bytes.count {
                while index + 8 <= bytes.count, isPlainBlock(bytes, at: index) { index += 8 }
                guard index < bytes.count else { break }
                let byte = bytes[index]
                switch byte {
                case 0x22, 0x5C, 0x0A, 0x0D, 0x09:
                    flush()
                    output.append(0x5C)
                    output.append(byte == 0x0A ? 0x6E : byte == 0x0D ? 0x72 : byte == 0x09 ? 0x74 : byte)
                    index += 1
                    runStart = index
                case 0x00..<0x20:
                    flush()
                    appendEscape(UInt16(byte), to: &output)
                    index += 1
                    runStart = index
                case 0xC2 where index + 1 < bytes.count && bytes[index + 1] < 0xA0:
                    // U+0080–U+009F (C1 controls, NEL among them) are C2 80–C2 9F.
                    flush()
                    appendEscape(UInt16(bytes[index + 1]), to: &output)
                    index += 2
                    runStart = index
                case 0xE2
                where index + 2 < bytes.count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    // U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR are E2 80 A8/A9.
                    flush()
                    appendEscape(bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029, to: &output)
                    index += 3
                    runStart = index
                default:
                    index += 1
                }
            }
            flush()
        }
        output.append(0x22)
    }

    /// Whether the eight bytes at `index` can all be copied as they are: no `"`, `\\`, control character,
    /// nor the lead bytes of C1 controls (C2) and of the line and paragraph separators (E2). Bit tests from
    /// "Bit Twiddling Hacks", exact as to whether such a byte exists.
    private static func isPlainBlock(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
        let ones: UInt64 = 0x0101_0101_0101_0101
        func hasByte(_ value: UInt64) -> UInt64 {
            let differences = word ^ (value &* ones)
            return (differences &- ones) & ~differences
        }
        let found = hasByte(0x22) | hasByte(0x5C) | hasByte(0xC2) | hasByte(0xE2) | ((word &- 0x20 &* ones) & ~word)
        return found & 0x8080_8080_8080_8080 == 0
    }

    /// Appends `\uXXXX` with lowercase hex digits.
    private static func appendEscape(_ value: UInt16, to output: inout [UInt8]) {
        output.append(0x5C)
        output.append(UInt8(ascii: "u"))
        for shift in stride(from: 12, through: 0, by: -4) {
            output.append(hexDigit(UInt8((value >> UInt16(shift)) & 0xF)))
        }
    }

    /// Appends a literal ASCII fragment.
    public static func append(_ fragment: StaticString, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: fragment.utf8Start, count: fragment.utf8CodeUnitCount))
    }

    /// Appends a decimal integer.
    public static func append(_ number: Int, to output: inout [UInt8]) {
        output.append(contentsOf: String(number).utf8)
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : 0x61 + value - 10
    }
}
