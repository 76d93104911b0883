/// An independent check of RFC 8259's grammar, the oracle for "this line is JSON".
///
/// Foundation's parser is no oracle here: it also rejects numbers outside a `Double`'s range
/// (`1e999`), which the grammar allows and the decoder rightly copies verbatim.
struct JSONGrammar {
    private let bytes: [UInt8]
    private var index = 0

    /// Whether `bytes` is exactly one JSON value, with optional surrounding whitespace.
    static func isValid<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool {
        var grammar = JSONGrammar(bytes: Array(bytes))
        guard grammar.value(depth: 0) else { return false }
        grammar.whitespace()
        return grammar.index == grammar.bytes.count && String(validating: grammar.bytes, as: UTF8.self) != nil
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func whitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard current == byte else { return false }
        index += 1
        return true
    }

    private mutating func value(depth: Int) -> Bool {
        whitespace()
        guard depth < 512, let byte = current else { return false }
        switch byte {
        case UInt8(ascii: "{"):
            index += 1
            whitespace()
            if take(UInt8(ascii: "}")) { return true }
            repeat {
                whitespace()
                guard string() else { return false }
                whitespace()
                guard take(UInt8(ascii: ":")), value(depth: depth + 1) else { return false }
                whitespace()
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "}"))
        case UInt8(ascii: "["):
            index += 1
            whitespace()
            if take(UInt8(ascii: "]")) { return true }
            repeat {
                guard value(depth: depth + 1) else { return false }
                whitespace()
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]"))
        case UInt8(ascii: "\""): return string()
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return number()
        }
    }

    private mutating func literal(_ word: String) -> Bool {
        for expected in word.utf8 where !take(expected) { return false }
        return true
    }

    private mutating func string() -> Bool {
        guard take(UInt8(ascii: "\"")) else { return false }
        while let byte = current {
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return true
            case 0x00..<0x20: return false
            case UInt8(ascii: "\\"):
                guard let escape = current else { return false }
                index += 1
                if escape == UInt8(ascii: "u") {
                    for _ in 0..<4 {
                        guard let hex = current, isHex(hex) else { return false }
                        index += 1
                    }
                } else if !"\"\\/bfnrt".utf8.contains(escape) {
                    return false
                }
            default: continue
            }
        }
        return false
    }

    private func isHex(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    private mutating func number() -> Bool {
        _ = take(UInt8(ascii: "-"))
        if !take(UInt8(ascii: "0")) {
            guard digits() > 0 else { return false }
        }
        if take(UInt8(ascii: ".")) {
            guard digits() > 0 else { return false }
        }
        if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
            if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
            guard digits() > 0 else { return false }
        }
        return true
    }

    private mutating func digits() -> Int {
        let start = index
        while let byte = current, (0x30...0x39).contains(byte) { index += 1 }
        return index - start
    }
}
