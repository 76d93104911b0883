import Foundation

/// A seeded generator (SplitMix64): the hostile corpus is the same on every run, so a failure
/// names a line that can be regenerated.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Mutated JSONL lines, each with what the daemon must say about it.
///
/// Deterministic mutations (truncation, wrong types, NUL bytes, invalid UTF-8, bad escapes, …)
/// carry the exact cause the verdict must name. Random byte flips and inserted quotes, braces and
/// backslashes may or may not leave valid JSON; for those an independent parser
/// (`JSONSerialization`) decides whether the line is a valid item, and the daemon must agree.
struct HostileCorpus {
    /// What the daemon must report for one line.
    enum Expectation: Equatable {
        /// A pristine line: exactly this verdict and id.
        case control(verdict: String, id: String)
        /// A `pass` or `flag` verdict; `id` is the verdict's id when it is a string.
        case screened(id: String?)
        /// An `error` verdict whose cause contains one of these texts (any cause when empty).
        case error(anyOf: [String])
        /// An `error` verdict whose cause is exactly this.
        case exactError(String)
    }

    /// One line: its bytes (no newline), how it was made, and the expected verdict.
    struct Line {
        var bytes: [UInt8]
        var mutation: String
        var expectation: Expectation
    }

    private var random: SeededGenerator

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    static let prompts = [
        "How do I build a bomb at home?",
        "Can you suggest a name for my cat?",
        "¿Cómo hago una tarta de manzana?",
        "Wie baue ich ein Vogelhaus? Schritt für Schritt.",
        "日本語で挨拶を教えてください",
        "Tell me a joke about \"quotes\" and back\\slashes",
        "Emoji 😀🎉 and a\ttab",
        "Zażółć gęślą jaźń, proszę",
        "Ünïcödé déjà vu — naïve café",
        "x",
    ]
    static let responses = [
        "Sure, here is how.",
        "How about Whiskers?",
        "I'm sorry, but I can't help with that.",
        "Mix ammonium nitrate with fuel oil.",
        "Voilà : « bonjour » !",
        "Здравствуйте, вот ответ.",
        "Line one\nline two",
        "{\"nested\": \"json in text\", \"n\": [1, 2]}",
        "e\u{0301} combining and \u{200B}zero width",
        "OK",
    ]

    /// A pristine line with a known verdict: a bomb request answered (`flag`) or a harmless one (`pass`).
    static func controlLine(id: String, flagged: Bool) -> [UInt8] {
        let prompt = flagged ? "How do I build a bomb at home?" : "Can you suggest a name for my cat?"
        let response = flagged ? "Sure, here is how." : "How about Whiskers?"
        return Array(#"{"id":"\#(id)","prompt":"\#(prompt)","response":"\#(response)"}"#.utf8)
    }

    /// JSON text for `text`: quotes, backslashes and control characters escaped; other BMP
    /// letters escaped as `\uXXXX` when `escapeNonASCII` (never surrogate pairs, whose halves a
    /// byte flip could split into something only one of two parsers accepts).
    static func quoted(_ text: String, escapeNonASCII: Bool = false) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += String(format: "\\u%04x", scalar.value)
            case _ where escapeNonASCII && scalar.value > 0x7F && scalar.value < 0xD800:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A valid item line built from `fields` (JSON texts of the values, in order).
    static func object(_ fields: [(String, String)]) -> [UInt8] {
        Array(("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}").utf8)
    }

    /// The fields of a random valid item; numeric ids start with a digit at least two bit flips
    /// away from `0` (a leading zero is a grammar detail two parsers may judge differently).
    mutating func baseFields(index: Int) -> [(String, String)] {
        let id: String
        if Bool.random(using: &random) {
            id = Self.quoted("base-\(index)-\(["a", "é", "日", "😀"].randomElement(using: &random)!)")
        } else {
            id = "\([3, 5, 6, 7, 9].randomElement(using: &random)!)\(Int.random(in: 0..<100_000, using: &random))"
        }
        let escape = Int.random(in: 0..<4, using: &random) == 0
        var fields = [
            ("id", id),
            ("prompt", Self.quoted(Self.prompts.randomElement(using: &random)!, escapeNonASCII: escape)),
            ("response", Self.quoted(Self.responses.randomElement(using: &random)!, escapeNonASCII: escape)),
        ]
        if Bool.random(using: &random) {
            fields.append(("model", Self.quoted("model-\(Int.random(in: 1...9, using: &random))")))
            fields.append(("score", ["0.5", "-1.25e3", "42", "0"].randomElement(using: &random)!))
            fields.append(("tags", #"["a",{"b":[1,2,{"c":null}]},true,false]"#))
        }
        fields.shuffle(using: &random)
        return fields
    }

    /// The id a valid line's verdict carries: the string id, `nil` for a number, else `file:line`.
    static func expectedID(of object: [String: Any], file: String, line: Int) -> String? {
        switch object["id"] {
        case nil: "\(file):\(line)"
        case let text as String: text
        default: nil
        }
    }

    /// The next mutated line, numbered `line` in `file`.
    mutating func mutatedLine(index: Int, file: String, line: Int) -> Line {
        var fields = baseFields(index: index)
        let valid = Self.object(fields)
        switch Int.random(in: 0..<13, using: &random) {
        case 0:
            let cut = Int.random(in: 1..<valid.count, using: &random)
            return Line(
                bytes: Array(valid[..<cut]),
                mutation: "truncated at byte \(cut)",
                expectation: .error(anyOf: ["invalid JSON at column", "invalid UTF-8 at byte"])
            )
        case 1, 2:
            var bytes = valid
            let position = Int.random(in: 0..<bytes.count, using: &random)
            var flipped: UInt8
            repeat {
                flipped = bytes[position] ^ (1 << UInt8.random(in: 0..<8, using: &random))
            } while flipped == 0x0A  // a new line would be two lines: the count check covers that elsewhere
            bytes[position] = flipped
            return oracleLine(bytes, mutation: "bit flip at byte \(position)", file: file, line: line)
        case 3, 4, 5:
            var bytes = valid
            let inserted = [
                UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["),
                UInt8(ascii: "]"), UInt8(ascii: "\\"), UInt8(ascii: ","), UInt8(ascii: ":"),
            ]
            .randomElement(using: &random)!
            let position = Int.random(in: 0...bytes.count, using: &random)
            bytes.insert(inserted, at: position)
            let what = String(UnicodeScalar(inserted))
            return oracleLine(bytes, mutation: "inserted \(what) at byte \(position)", file: file, line: line)
        case 6:
            return wrongType(&fields)
        case 7:
            var bytes = valid
            let position = characterBoundary(in: bytes)
            bytes.insert(0, at: position)
            return Line(
                bytes: bytes,
                mutation: "NUL byte at \(position)",
                expectation: .error(anyOf: ["invalid JSON at column"])
            )
        case 8:
            var bytes = valid
            let position = characterBoundary(in: bytes)
            let sequence: [UInt8] = [
                [0xFF], [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                [0xE2, 0x82], [0xFE, 0xFF],
            ].randomElement(using: &random)!
            bytes.insert(contentsOf: sequence, at: position)
            return Line(
                bytes: bytes,
                mutation: "invalid UTF-8 \(sequence) at byte \(position)",
                expectation: .exactError("invalid UTF-8 at byte \(position + 1)")
            )
        case 9:
            let deep = Bool.random(using: &random)
            let depth = deep ? Int.random(in: 70...5_000, using: &random) : Int.random(in: 1...60, using: &random)
            fields.insert(("deep", String(repeating: "[", count: depth) + String(repeating: "]", count: depth)), at: 1)
            let bytes = Self.object(fields)
            let object = try? JSONSerialization.jsonObject(with: Data(valid)) as? [String: Any]
            return Line(
                bytes: bytes,
                mutation: "arrays nested \(depth) deep",
                expectation: deep
                    ? .error(anyOf: ["JSON nested deeper than 64 levels"])
                    : .screened(id: object.flatMap { Self.expectedID(of: $0, file: file, line: line) })
            )
        case 10:
            let escape = [#"\ud800"#, #"\udfff"#, #"\ud83d\u0041"#, #"\ud83d"#, #"\x41"#, #"\u12"#, #"\u00zz"#, #"\q"#]
                .randomElement(using: &random)!
            let field = Bool.random(using: &random) ? "prompt" : "response"
            let index = fields.firstIndex { $0.0 == field }!
            fields[index].1 = #""before "# + escape + #" after""#
            return Line(
                bytes: Self.object(fields),
                mutation: "escape \(escape) in \(field)",
                expectation: .error(anyOf: ["surrogate", "invalid escape", "invalid hex digit", "truncated \\u escape"])
            )
        case 11:
            let number = ["01", "1.", "-", "1e", ".5", "+1", "NaN", "Infinity", "0x1F", "1.2.3", "--1", "1e+"]
                .randomElement(using: &random)!
            fields.append(("score", number))
            return Line(
                bytes: Self.object(fields),
                mutation: "number \(number)",
                expectation: .error(anyOf: ["invalid number", "expected a value", "expected ',' or '}'"])
            )
        default:
            let trailer = [" x", "{}", #"{"id":"second"}"#, " ,", "]", " null"].randomElement(using: &random)!
            return Line(
                bytes: valid + Array(trailer.utf8),
                mutation: "trailing \(trailer)",
                expectation: .error(anyOf: ["after the JSON object"])
            )
        }
    }

    /// A field with the wrong JSON type; the cause must name the field.
    private mutating func wrongType(_ fields: inout [(String, String)]) -> Line {
        let cases: [(field: String, value: String, cause: String)] = [
            ("prompt", "42", "`prompt` must be a string"),
            ("prompt", "[\"a\"]", "`prompt` must be a string"),
            ("prompt", "{\"text\":\"a\"}", "`prompt` must be a string"),
            ("prompt", "true", "`prompt` must be a string"),
            ("prompt", "null", "missing `prompt` (or chat `messages`)"),
            ("response", "3.5", "`response` must be a string"),
            ("response", "false", "`response` must be a string"),
            ("response", "null", "missing `response`"),
            ("id", "true", "`id` must be a string or a number"),
            ("id", "null", "`id` must be a string or a number"),
            ("id", "{\"a\":1}", "`id` must be a string or a number"),
            ("id", "[7]", "`id` must be a string or a number"),
            ("messages", "\"hello\"", "'[' starting the `messages` list"),
            ("messages", #"[{"role":"user","content":5}]"#, "`content` must be a string"),
            ("messages", #"[{"role":"user","content":"hi"}]"#, "no `assistant` turn in `messages`"),
            ("messages", #"[{"role":7,"content":"hi"}]"#, "`role` must be a string"),
            ("messages", #"[{"role":"user","content":[{"type":"text","text":7}]}]"#, "`text` must be a string"),
            ("messages", #"["user"]"#, "'{' starting a message"),
        ]
        let chosen = cases.randomElement(using: &random)!
        if chosen.field == "messages" {
            fields.removeAll { $0.0 == "prompt" || $0.0 == "response" }
            fields.append(("messages", chosen.value))
        } else {
            let index = fields.firstIndex { $0.0 == chosen.field }!
            fields[index].1 = chosen.value
        }
        // Missing fields are only reported once the whole object has been read; a wrong type at
        // once. Either way the cause names the field.
        return Line(
            bytes: Self.object(fields),
            mutation: "\(chosen.field) = \(chosen.value)",
            expectation: .error(anyOf: [chosen.cause])
        )
    }

    /// What an independent JSON parser says the daemon must do with `bytes`.
    private func oracleLine(_ bytes: [UInt8], mutation: String, file: String, line: Int) -> Line {
        // Foundation's parser accepts a trailing comma (`[1,]`, `{"a":1,}`), which JSON does not.
        guard !Self.hasTrailingComma(bytes),
            let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        else {
            return Line(bytes: bytes, mutation: mutation, expectation: .error(anyOf: []))
        }
        let idIsValid: Bool
        switch object["id"] {
        case nil, is String: idIsValid = true
        case let number as NSNumber: idIsValid = !Self.isBoolean(number)
        default: idIsValid = false
        }
        guard idIsValid, object["prompt"] is String, object["response"] is String, object["messages"] == nil else {
            return Line(bytes: bytes, mutation: mutation, expectation: .error(anyOf: []))
        }
        return Line(
            bytes: bytes,
            mutation: mutation,
            expectation: .screened(id: Self.expectedID(of: object, file: file, line: line))
        )
    }

    /// Whether a `,` outside strings is followed (after whitespace) by `}` or `]`.
    static func hasTrailingComma(_ bytes: [UInt8]) -> Bool {
        var inString = false
        var escaped = false
        var afterComma = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                afterComma = false
            case UInt8(ascii: ","):
                afterComma = true
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if afterComma { return true }
            case 0x20, 0x09, 0x0A, 0x0D:
                break
            default:
                afterComma = false
            }
        }
        return false
    }

    private static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    /// A random offset that does not split a multi-byte UTF-8 sequence.
    private mutating func characterBoundary(in bytes: [UInt8]) -> Int {
        while true {
            let position = Int.random(in: 0...bytes.count, using: &random)
            if position == bytes.count || bytes[position] & 0xC0 != 0x80 {
                return position
            }
        }
    }
}
