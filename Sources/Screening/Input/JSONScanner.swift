/// A minimal, allocation-light JSON reader over one line of UTF-8 bytes.
///
/// It parses just what screening needs: top-level keys, strings (with escapes) and the raw
/// bytes of other values (carried verbatim into a verdict's `meta`), and reports the column of
/// the first problem. Nesting is bounded so a hostile line cannot exhaust the stack.
struct JSONScanner {
    static let maxDepth = 64

    let bytes: UnsafeRawBufferPointer
    var index: Int = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// A parse problem at a byte offset of the line.
    struct Failure: Error {
        var offset: Int
        var message: String
    }

    var atEnd: Bool { index >= bytes.count }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    func fail(_ message: String, at offset: Int? = nil) -> Failure {
        Failure(offset: offset ?? index, message: message)
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        skipWhitespace()
        guard index < bytes.count else { throw fail("unexpected end of line, expected \(what)") }
        guard bytes[index] == byte else { throw fail("expected \(what), found \(describe(bytes[index]))") }
        index += 1
    }

    /// Peeks at the next non-whitespace byte.
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return index < bytes.count ? bytes[index] : nil
    }

    func describe(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    /// Reads a string as its decoded UTF-8 bytes: straight from the line when it holds no escape (one copy),
    /// else decoded in one pass into an array with room for the rest of the line (a string cannot decode to
    /// more bytes than it spans), copied to its own size when that left much room unused.
    mutating func readStringUTF8() throws(Failure) -> [UInt8] {
        if let content = readPlainString() {
            return Array(UnsafeRawBufferPointer(rebasing: bytes[content]))
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count - index)
        try readString(into: &decoded)
        guard decoded.capacity > 2 * decoded.count + 64 else { return decoded }
        // A prompt with an escape would otherwise keep room for the whole response after it.
        return [UInt8](unsafeUninitializedCapacity: decoded.count) { buffer, count in
            count = buffer.initialize(from: decoded).1
        }
    }

    /// Reads a string that holds no escape and returns the range of its content in the line, without copying;
    /// returns `nil`, and reads nothing, when the next value is not such a string.
    mutating func readPlainString() -> Range<Int>? {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        var end = index + 1
        while end + 8 <= bytes.count, Self.isPlainStringBlock(bytes.loadUnaligned(fromByteOffset: end, as: UInt64.self))
        {
            end += 8
        }
        while end < bytes.count, bytes[end] >= 0x20, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\")
        {
            end += 1
        }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
        defer { index = end + 1 }
        return (index + 1)..<end
    }

    /// Skips a JSON string, validating it (escapes, surrogate pairs, control characters) as
    /// ``readString(into:)`` does, without decoding it.
    mutating func skipString() throws(Failure) {
        var nothing: [UInt8] = []
        try scanString(into: &nothing, keep: false)
    }

    /// Reads a JSON string and appends its decoded UTF-8 bytes to `output`.
    mutating func readString(into output: inout [UInt8]) throws(Failure) {
        try scanString(into: &output, keep: true)
    }

    /// Reads a JSON string, appending its decoded bytes to `output` only when `keep` is set.
    private mutating func scanString(into output: inout [UInt8], keep: Bool) throws(Failure) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
            throw index < bytes.count
                ? fail("expected a string, found \(describe(bytes[index]))")
                : fail("unexpected end of line, expected a string")
        }
        index += 1
        var runStart = index
        while index < bytes.count {
            // Eight bytes at a time while none is a quote, a backslash or a control character.
            while index + 8 <= bytes.count,
                Self.isPlainStringBlock(bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            {
                index += 8
            }
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                if keep { output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<index])) }
                index += 1
                return
            }
            if byte == UInt8(ascii: "\\") {
                if keep { output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<index])) }
                try readEscape(into: &output, keep: keep)
                runStart = index
                continue
            }
            if byte < 0x20 { throw fail("control character \(describe(byte)) inside a string must be escaped") }
            index += 1
        }
        throw fail("unterminated string")
    }

    /// Whether none of the eight bytes in `word` ends a run of plain string content: no `"`, no `\\`, no
    /// byte below 0x20 ("Bit Twiddling Hacks" tests, exact as to whether such a byte exists).
    private static func isPlainStringBlock(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (0x22 &* ones)
        let backslashes = word ^ (0x5C &* ones)
        let found =
            ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes) | ((word &- 0x20 &* ones) & ~word)
        return found & highs == 0
    }

    private mutating func readEscape(into output: inout [UInt8], keep: Bool) throws(Failure) {
        let escapeStart = index
        index += 1
        guard index < bytes.count else { throw fail("unterminated escape sequence") }
        let code = bytes[index]
        index += 1
        let scalar: UInt32
        switch code {
        case UInt8(ascii: "\""): scalar = 0x22
        case UInt8(ascii: "\\"): scalar = 0x5C
        case UInt8(ascii: "/"): scalar = 0x2F
        case UInt8(ascii: "b"): scalar = 0x08
        case UInt8(ascii: "f"): scalar = 0x0C
        case UInt8(ascii: "n"): scalar = 0x0A
        case UInt8(ascii: "r"): scalar = 0x0D
        case UInt8(ascii: "t"): scalar = 0x09
        case UInt8(ascii: "u"):
            var unit = try readHex4()
            if unit >= 0xD800 && unit < 0xDC00 {
                // A high surrogate must be followed by an escaped low surrogate.
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else {
                    throw fail("unpaired UTF-16 surrogate \\u\(String(unit, radix: 16))", at: escapeStart)
                }
                index += 2
                let low = try readHex4()
                guard low >= 0xDC00 && low < 0xE000 else {
                    throw fail("invalid UTF-16 surrogate pair", at: escapeStart)
                }
                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            } else if unit >= 0xDC00 && unit < 0xE000 {
                throw fail("unpaired UTF-16 surrogate \\u\(String(unit, radix: 16))", at: escapeStart)
            }
            scalar = unit
        default:
            throw fail("invalid escape \\\(Character(Unicode.Scalar(code)))", at: escapeStart)
        }
        guard keep else { return }
        if scalar < 0x80 {
            output.append(UInt8(scalar))
        } else {
            for unit in UTF8.encode(Unicode.Scalar(scalar)!)! { output.append(unit) }
        }
    }

    private mutating func readHex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw fail("invalid hex digit \(describe(byte)) in \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    /// Skips any JSON value, validating it, and returns its byte range.
    mutating func skipValue(depth: Int = 0) throws(Failure) -> Range<Int> {
        skipWhitespace()
        let start = index
        guard index < bytes.count else { throw fail("unexpected end of line, expected a value") }
        if depth > Self.maxDepth { throw fail("JSON nested deeper than \(Self.maxDepth) levels") }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "{"):
            index += 1
            if peek() == UInt8(ascii: "}") {
                index += 1
            } else {
                while true {
                    try skipString()
                    try expect(UInt8(ascii: ":"), "':' after an object key")
                    _ = try skipValue(depth: depth + 1)
                    guard let next = peek() else { throw fail("unexpected end of line inside an object") }
                    index += 1
                    if next == UInt8(ascii: "}") { break }
                    if next != UInt8(ascii: ",") {
                        throw fail("expected ',' or '}' in an object, found \(describe(next))", at: index - 1)
                    }
                }
            }
        case UInt8(ascii: "["):
            index += 1
            if peek() == UInt8(ascii: "]") {
                index += 1
            } else {
                while true {
                    _ = try skipValue(depth: depth + 1)
                    guard let next = peek() else { throw fail("unexpected end of line inside an array") }
                    index += 1
                    if next == UInt8(ascii: "]") { break }
                    if next != UInt8(ascii: ",") {
                        throw fail("expected ',' or ']' in an array, found \(describe(next))", at: index - 1)
                    }
                }
            }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), 0x30...0x39: try number()
        default:
            throw fail("expected a value, found \(describe(bytes[index]))")
        }
        return start..<index
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail("invalid literal") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw fail("invalid literal, expected \(word)")
        }
        index += count
    }

    /// A number in JSON's grammar, `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. A
    /// looser reading would copy text such as `1-2` or `01` verbatim into a verdict's `id` or
    /// `meta`, making that verdict line invalid JSON.
    private mutating func number() throws(Failure) {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        if index < bytes.count && bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if skipDigits() == 0 {
            throw fail("invalid number", at: start)
        }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            if skipDigits() == 0 { throw fail("invalid number", at: start) }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                index += 1
            }
            if skipDigits() == 0 { throw fail("invalid number", at: start) }
        }
        if index < bytes.count {
            switch bytes[index] {
            case 0x30...0x39, UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"),
                UInt8(ascii: "-"):
                throw fail("invalid number", at: start)
            default:
                break
            }
        }
    }

    /// Skips ASCII digits and returns how many there were.
    private mutating func skipDigits() -> Int {
        let start = index
        while index < bytes.count && bytes[index] >= 0x30 && bytes[index] <= 0x39 {
            index += 1
        }
        return index - start
    }
}
