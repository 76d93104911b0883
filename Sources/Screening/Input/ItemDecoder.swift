import PCRE2

#if canImport(Glibc)
import Glibc
#endif

/// Decodes one JSONL line into a ``ScreeningItem``.
///
/// Accepts `{"id", "prompt", "response"}` and chat form `{"id", "messages": [{"role",
/// "content"}]}` where the last `user` turn is the prompt and the last `assistant` turn the
/// response, and `content` is a string or a list of `{"type": "text", "text": …}` parts.
public struct ItemDecoder: Sendable {
    /// Lines longer than this many bytes are rejected without parsing.
    public var maxLineBytes: Int

    /// Creates a decoder.
    public init(maxLineBytes: Int = 16 * 1024 * 1024) {
        self.maxLineBytes = maxLineBytes
    }

    /// Decodes `bytes` (one line, without its newline).
    /// - Parameters:
    ///   - file: the source name, used for the `file:line` id fallback.
    ///   - line: the 1-based line number.
    /// - Throws: ``LineError`` naming the line and cause.
    public func decode(_ bytes: UnsafeRawBufferPointer, file: String, line: Int) throws(LineError) -> ScreeningItem {
        if bytes.count > maxLineBytes {
            throw LineError(
                line: line,
                message: "line is \(bytes.count) bytes, longer than the maximum of \(maxLineBytes) bytes"
            )
        }
        if let invalid = UTF8Validation.firstInvalidOffset(bytes) {
            throw LineError(line: line, message: "invalid UTF-8 at byte \(invalid + 1)")
        }
        var scanner = JSONScanner(bytes)
        var fields = Fields()
        do throws(JSONScanner.Failure) {
            try scanner.expect(UInt8(ascii: "{"), "'{' (each line must be one JSON object)")
            if scanner.peek() == UInt8(ascii: "}") {
                scanner.index += 1
            } else {
                try readFields(&scanner, into: &fields)
            }
            if let extra = scanner.peek() {
                throw scanner.fail("unexpected \(scanner.describe(extra)) after the JSON object")
            }
        } catch {
            let column = UTF8Offsets.column(of: error.offset, in: bytes)
            throw LineError(
                line: line,
                message: "invalid JSON at column \(column): \(error.message)",
                idJSON: fields.idJSON
            )
        }
        let idJSON = fields.idJSON ?? JSONText.quoted("\(file):\(line)")
        let id = fields.idText ?? "\(file):\(line)"
        let prompt = fields.prompt ?? fields.chatPrompt
        let response = fields.response ?? fields.chatResponse
        guard let prompt else {
            let what = fields.sawMessages ? "no `user` turn in `messages`" : "missing `prompt` (or chat `messages`)"
            throw LineError(line: line, message: what, idJSON: idJSON)
        }
        guard let response else {
            let what = fields.sawMessages ? "no `assistant` turn in `messages`" : "missing `response`"
            throw LineError(line: line, message: what, idJSON: idJSON)
        }
        // The whole line was validated above, so the texts taken from it are valid UTF-8.
        return ScreeningItem(
            id: id,
            idJSON: idJSON,
            validPromptUTF8: prompt,
            validResponseUTF8: response,
            meta: fields.meta
        )
    }

    /// Convenience for strings (tests, tools).
    public func decode(_ text: String, file: String = "-", line: Int = 1) throws(LineError) -> ScreeningItem {
        var copy = text
        let result: Result<ScreeningItem, LineError> = copy.withUTF8 { buffer in
            do throws(LineError) {
                return .success(try decode(UnsafeRawBufferPointer(buffer), file: file, line: line))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private struct Fields {
        var idJSON: String?
        var idText: String?
        var prompt: [UInt8]?
        var response: [UInt8]?
        var chatPrompt: [UInt8]?
        var chatResponse: [UInt8]?
        var sawMessages = false
        var meta: [(key: String, json: String)] = []
    }

    /// Whether `bytes` spell `name` exactly: lengths first, then one `memcmp` (the generic `elementsEqual` walked
    /// both byte by byte, for every key of every line against every field name).
    static func spells(_ bytes: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        guard bytes.count == name.utf8CodeUnitCount else { return false }
        guard let base = bytes.baseAddress else { return true }
        return memcmp(base, name.utf8Start, bytes.count) == 0
    }

    /// ``spells(_:_:)`` for a decoded key or value.
    static func spells(_ bytes: [UInt8], _ name: StaticString) -> Bool {
        bytes.withUnsafeBytes { spells($0, name) }
    }

    private func readFields(_ scanner: inout JSONScanner, into fields: inout Fields) throws(JSONScanner.Failure) {
        var decodedKey: [UInt8] = []
        while true {
            // Keys are compared where they stand in the line; only a key with an escape is decoded.
            let plainKey = scanner.readPlainString()
            if plainKey == nil {
                decodedKey.removeAll(keepingCapacity: true)
                try scanner.readString(into: &decodedKey)
            }
            func keyIs(_ name: StaticString) -> Bool {
                guard let plainKey else { return Self.spells(decodedKey, name) }
                return Self.spells(UnsafeRawBufferPointer(rebasing: scanner.bytes[plainKey]), name)
            }
            try scanner.expect(UInt8(ascii: ":"), "':' after an object key")
            if keyIs("prompt") {
                fields.prompt = try readText(&scanner, field: "prompt")
            } else if keyIs("response") {
                fields.response = try readText(&scanner, field: "response")
            } else if keyIs("messages") {
                fields.sawMessages = true
                try readMessages(&scanner, into: &fields)
            } else if keyIs("id") {
                try readID(&scanner, into: &fields)
            } else {
                let range = try scanner.skipValue()
                let name =
                    plainKey.map {
                        String(decoding: UnsafeRawBufferPointer(rebasing: scanner.bytes[$0]), as: UTF8.self)
                    }
                    ?? String(decoding: decodedKey, as: UTF8.self)
                var raw = String(decoding: UnsafeRawBufferPointer(rebasing: scanner.bytes[range]), as: UTF8.self)
                // Whitespace between tokens may be a line break when a caller hands over text that is not
                // one line; copied verbatim it would split the verdict line. Strings cannot hold a raw
                // line break (the scanner rejects control characters in them), so a space is equivalent.
                if raw.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
                    raw = String(decoding: raw.utf8.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }, as: UTF8.self)
                }
                fields.meta.removeAll { $0.key == name }
                if fields.meta.isEmpty { fields.meta.reserveCapacity(4) }
                fields.meta.append((name, raw))
            }
            guard let next = scanner.peek() else { throw scanner.fail("unexpected end of line inside the object") }
            scanner.index += 1
            if next == UInt8(ascii: "}") { return }
            if next != UInt8(ascii: ",") {
                throw scanner.fail(
                    "expected ',' or '}' after a value, found \(scanner.describe(next))",
                    at: scanner.index - 1
                )
            }
        }
    }

    /// `id`: a string (kept decoded, and quoted again for the verdict) or a number (kept verbatim).
    private func readID(_ scanner: inout JSONScanner, into fields: inout Fields) throws(JSONScanner.Failure) {
        scanner.skipWhitespace()
        let valueStart = scanner.index
        if let content = scanner.readPlainString() {
            let text = UnsafeRawBufferPointer(rebasing: scanner.bytes[content])
            fields.idText = String(decoding: text, as: UTF8.self)
            // Quoting only escapes what a plain JSON string cannot hold raw, plus C1 controls (C2 80–9F) and
            // U+2028/U+2029 (E2 80 A8/A9): without a C2 or E2 byte, the id as written is already its quoted form.
            let quotedAsWritten = !text.contains { $0 == 0xC2 || $0 == 0xE2 }
            fields.idJSON =
                quotedAsWritten
                ? String(
                    decoding: UnsafeRawBufferPointer(
                        rebasing: scanner.bytes[(content.lowerBound - 1)...content.upperBound]
                    ),
                    as: UTF8.self
                )
                : JSONText.quoted(fields.idText!)
            return
        }
        let range = try scanner.skipValue()
        let raw = UnsafeRawBufferPointer(rebasing: scanner.bytes[range])
        if raw.first == UInt8(ascii: "\"") {
            var decoded: [UInt8] = []
            var inner = JSONScanner(raw)
            try? inner.readString(into: &decoded)
            fields.idText = String(decoding: decoded, as: UTF8.self)
            fields.idJSON = JSONText.quoted(fields.idText!)
        } else if let first = raw.first, first == UInt8(ascii: "-") || (0x30...0x39).contains(first) {
            fields.idText = String(decoding: raw, as: UTF8.self)
            fields.idJSON = fields.idText
        } else {
            throw scanner.fail("`id` must be a string or a number", at: valueStart)
        }
    }

    /// Reads a string as UTF-8, or `null` (treated as missing).
    private func readText(_ scanner: inout JSONScanner, field: String) throws(JSONScanner.Failure) -> [UInt8]? {
        if scanner.peek() == UInt8(ascii: "n") {
            _ = try scanner.skipValue()
            return nil
        }
        guard scanner.peek() == UInt8(ascii: "\"") else { throw scanner.fail("`\(field)` must be a string") }
        return try scanner.readStringUTF8()
    }

    private func readMessages(_ scanner: inout JSONScanner, into fields: inout Fields) throws(JSONScanner.Failure) {
        try scanner.expect(UInt8(ascii: "["), "'[' starting the `messages` list")
        if scanner.peek() == UInt8(ascii: "]") {
            scanner.index += 1
            return
        }
        while true {
            let (role, content) = try readMessage(&scanner)
            if let role, Self.spells(role, "user"), let content { fields.chatPrompt = content }
            if let role, Self.spells(role, "assistant"), let content { fields.chatResponse = content }
            guard let next = scanner.peek() else { throw scanner.fail("unexpected end of line inside `messages`") }
            scanner.index += 1
            if next == UInt8(ascii: "]") { return }
            if next != UInt8(ascii: ",") {
                throw scanner.fail("expected ',' or ']' in `messages`", at: scanner.index - 1)
            }
        }
    }

    private func readMessage(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> ([UInt8]?, [UInt8]?) {
        try scanner.expect(UInt8(ascii: "{"), "'{' starting a message")
        var role: [UInt8]?
        var content: [UInt8]?
        if scanner.peek() == UInt8(ascii: "}") {
            scanner.index += 1
            return (nil, nil)
        }
        var key: [UInt8] = []
        while true {
            key.removeAll(keepingCapacity: true)
            try scanner.readString(into: &key)
            try scanner.expect(UInt8(ascii: ":"), "':' after a message key")
            if Self.spells(key, "role") {
                role = try readText(&scanner, field: "role")
            } else if Self.spells(key, "content") {
                content = try readContent(&scanner)
            } else {
                _ = try scanner.skipValue(depth: 2)
            }
            guard let next = scanner.peek() else { throw scanner.fail("unexpected end of line inside a message") }
            scanner.index += 1
            if next == UInt8(ascii: "}") { return (role, content) }
            if next != UInt8(ascii: ",") {
                throw scanner.fail("expected ',' or '}' in a message", at: scanner.index - 1)
            }
        }
    }

    /// `content` as a string, or a list of parts whose `text` fields are joined by newlines.
    private func readContent(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> [UInt8]? {
        guard scanner.peek() == UInt8(ascii: "[") else { return try readText(&scanner, field: "content") }
        scanner.index += 1
        var parts: [[UInt8]] = []
        if scanner.peek() == UInt8(ascii: "]") {
            scanner.index += 1
            return []
        }
        var key: [UInt8] = []
        while true {
            if scanner.peek() == UInt8(ascii: "\"") {
                parts.append(try readText(&scanner, field: "content part") ?? [])
            } else {
                try scanner.expect(UInt8(ascii: "{"), "a content part object")
                if scanner.peek() == UInt8(ascii: "}") {
                    scanner.index += 1
                } else {
                    while true {
                        key.removeAll(keepingCapacity: true)
                        try scanner.readString(into: &key)
                        try scanner.expect(UInt8(ascii: ":"), "':' after a content part key")
                        if Self.spells(key, "text"), let text = try readText(&scanner, field: "text") {
                            parts.append(text)
                        } else {
                            _ = try scanner.skipValue(depth: 3)
                        }
                        guard let next = scanner.peek() else {
                            throw scanner.fail("unexpected end of line inside a content part")
                        }
                        scanner.index += 1
                        if next == UInt8(ascii: "}") { break }
                        if next != UInt8(ascii: ",") {
                            throw scanner.fail("expected ',' or '}' in a content part", at: scanner.index - 1)
                        }
                    }
                }
            }
            guard let next = scanner.peek() else { throw scanner.fail("unexpected end of line inside `content`") }
            scanner.index += 1
            if next == UInt8(ascii: "]") { return Array(parts.joined(separator: [0x0A])) }
            if next != UInt8(ascii: ",") {
                throw scanner.fail("expected ',' or ']' in `content`", at: scanner.index - 1)
            }
        }
    }
}
