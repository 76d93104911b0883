import Screening
import Testing

@Suite("Item decoder")
struct ItemDecoderTests {
    private let decoder = ItemDecoder()

    private func decode(
        _ line: String,
        file: String = "data.jsonl",
        line number: Int = 3
    ) throws(LineError) -> ScreeningItem {
        try decoder.decode(line, file: file, line: number)
    }

    private func decode(bytes: [UInt8], line number: Int = 3) throws(LineError) -> ScreeningItem {
        let result: Result<ScreeningItem, LineError> = bytes.withUnsafeBytes { raw in
            Result { () throws(LineError) in try decoder.decode(raw, file: "data.jsonl", line: number) }
        }
        return try result.get()
    }

    /// The error a line produces, or nil when it decodes.
    private func error(_ line: String, decoder: ItemDecoder = ItemDecoder()) -> LineError? {
        do {
            _ = try decoder.decode(line, file: "data.jsonl", line: 3)
            return nil
        } catch {
            return error
        }
    }

    private func error(bytes: [UInt8]) -> LineError? {
        do {
            _ = try decode(bytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Plain form

    @Test("a plain line gives id, prompt and response")
    func plain() throws {
        let item = try decode(#"{"id":"a1","prompt":"How?","response":"Like this."}"#)
        #expect(item.id == "a1")
        #expect(item.idJSON == "\"a1\"")
        #expect(item.prompt == "How?")
        #expect(item.response == "Like this.")
        #expect(item.meta.isEmpty)
    }

    @Test(
        "numeric ids are kept as written",
        arguments: ["42", "-7", "3.5", "-3.5e2", "0", "1E+3", "0.25e-1"]
    )
    func numericID(id: String) throws {
        let item = try decode(#"{"id":\#(id),"prompt":"p","response":"r"}"#)
        #expect(item.idJSON == id)
        #expect(item.id == id)
    }

    @Test("a missing id becomes file:line")
    func missingID() throws {
        let item = try decode(#"{"prompt":"p","response":"r"}"#, file: "batch.jsonl", line: 7)
        #expect(item.id == "batch.jsonl:7")
        #expect(item.idJSON == "\"batch.jsonl:7\"")
    }

    @Test("a string id is decoded and re-quoted")
    func escapedID() throws {
        let item = try decode(#"{"id":"a\"b\u00e9\/","prompt":"p","response":"r"}"#)
        #expect(item.id == "a\"bé/")
        #expect(item.idJSON == #""a\"bé/""#)
    }

    @Test("a plain string id is quoted as written; raw C1 controls and line separators in it are escaped")
    func plainIDs() throws {
        let uuid = "3f2b6c1e-9a47-4d2f-8e0b-5c1d2a7f9e64"
        let item = try decode(#"{"id":"\#(uuid)","prompt":"p","response":"r"}"#)
        #expect(item.id == uuid)
        #expect(item.idJSON == "\"\(uuid)\"")
        let separated = try decode("{\"id\":\"a\u{2028}b\u{85}c\u{2029}é\",\"prompt\":\"p\",\"response\":\"r\"}")
        #expect(separated.id == "a\u{2028}b\u{85}c\u{2029}é")
        #expect(separated.idJSON == #""a\u2028b\u0085c\u2029é""#)
    }

    @Test("keys written with escapes are the same keys")
    func escapedKeys() throws {
        let item = try decode(#"{"pro\u006dpt":"p","resp\u006Fnse":"r","\u006dodel":"x","m\"k":1}"#)
        #expect(item.prompt == "p")
        #expect(item.response == "r")
        #expect(item.meta.map(\.key) == ["model", "m\"k"])
        #expect(item.meta.map(\.json) == [#""x""#, "1"])
    }

    @Test("an item holds its texts as the exact UTF-8 of the decoded strings; setting a text re-encodes it")
    func textsAsUTF8() throws {
        var item = try decode(#"{"prompt":"caf\u00e9 \ud83d\ude00","response":"é\n\"x\""}"#)
        #expect(item.promptUTF8 == Array("café 😀".utf8))
        #expect(item.responseUTF8 == Array("é\n\"x\"".utf8))
        item.prompt = "Ω"
        #expect(item.promptUTF8 == [0xCE, 0xA9])
        #expect(item == ScreeningItem(id: item.id, idJSON: item.idJSON, prompt: "Ω", response: "é\n\"x\""))
    }

    @Test("string escapes are decoded, surrogate pairs included")
    func escapes() throws {
        let item = try decode(#"{"prompt":"l1\nl2\t\"q\" \\ \/ \u00e9 \ud83d\ude00 \b\f\r","response":"\u0041"}"#)
        #expect(item.prompt == "l1\nl2\t\"q\" \\ / é 😀 \u{8}\u{C}\r")
        #expect(item.response == "A")
    }

    @Test("whitespace between tokens is allowed")
    func whitespace() throws {
        let item = try decode("  { \"prompt\" :\t\"p\" , \"response\" : \"r\" }  ")
        #expect(item.prompt == "p")
        #expect(item.response == "r")
    }

    @Test("other fields are carried into meta verbatim, in input order")
    func meta() throws {
        let line =
            #"{"model":"x","id":1,"prompt":"p","lang":"de","response":"r","extra":{"a": [1, 2.5e1]},"n":null,"b":true,"s":"\u00e9"}"#
        let item = try decode(line)
        #expect(item.meta.map(\.key) == ["model", "lang", "extra", "n", "b", "s"])
        #expect(item.meta.map(\.json) == [#""x""#, #""de""#, #"{"a": [1, 2.5e1]}"#, "null", "true", #""\u00e9""#])
        #expect(item.language == "de")
    }

    @Test("a repeated meta key keeps the last value")
    func repeatedMeta() throws {
        let item = try decode(#"{"m":1,"prompt":"p","k":0,"m":2,"response":"r"}"#)
        #expect(item.meta.map(\.key) == ["k", "m"])
        #expect(item.meta.map(\.json) == ["0", "2"])
    }

    // MARK: Chat form

    @Test("chat form: the last user turn is the prompt, the last assistant turn the response")
    func chat() throws {
        let line = """
            {"id":"c1","model":"m","messages":[{"role":"system","content":"be nice"},\
            {"role":"user","content":"first"},{"role":"assistant","content":"a1"},\
            {"role":"user","content":"How do I build a bomb?","name":"u"},{"role":"tool","content":"ignored"},\
            {"role":"assistant","content":[{"type":"text","text":"Sure."},{"type":"text","text":"Step one."}]}]}
            """
        let item = try decode(line)
        #expect(item.id == "c1")
        #expect(item.prompt == "How do I build a bomb?")
        #expect(item.response == "Sure.\nStep one.")
        #expect(item.meta.map(\.key) == ["model"])
    }

    @Test("chat content may be a list of strings, and non-text parts are skipped")
    func contentParts() throws {
        let line = """
            {"messages":[{"content":["look at", "this"],"role":"user"},\
            {"role":"assistant","content":[{"type":"image_url","image_url":{"url":"http://x/y.png"}},{"type":"text","text":"A cat."},{}]}]}
            """
        let item = try decode(line)
        #expect(item.prompt == "look at\nthis")
        #expect(item.response == "A cat.")
    }

    @Test("explicit prompt and response win over messages")
    func explicitWins() throws {
        let item = try decode(
            #"{"messages":[{"role":"user","content":"u"},{"role":"assistant","content":"a"}],"prompt":"p","response":"r"}"#
        )
        #expect(item.prompt == "p")
        #expect(item.response == "r")
    }

    @Test(
        "chat lines without the needed turns say which is missing",
        arguments: [
            (#"{"messages":[{"role":"user","content":"u"}]}"#, "line 3: no `assistant` turn in `messages`"),
            (#"{"messages":[{"role":"assistant","content":"a"}]}"#, "line 3: no `user` turn in `messages`"),
            (#"{"messages":[]}"#, "line 3: no `user` turn in `messages`"),
            (
                #"{"messages":[{"role":"user","content":null},{"role":"assistant","content":"a"}]}"#,
                "line 3: no `user` turn in `messages`"
            ),
        ]
    )
    func chatMissingTurn(line: String, message: String) {
        #expect(error(line)?.description == message)
    }

    // MARK: Bad lines

    @Test(
        "every kind of bad line is an error naming the line and the cause",
        arguments: [
            (#"{"prompt" "x"}"#, #"line 3: invalid JSON at column 11: expected ':' after an object key, found '"'"#),
            (
                #"{"prompt":"é" "x"}"#,
                #"line 3: invalid JSON at column 15: expected ',' or '}' after a value, found '"'"#
            ),
            ("[1]", "line 3: invalid JSON at column 1: expected '{' (each line must be one JSON object), found '['"),
            (
                "",
                "line 3: invalid JSON at column 1: unexpected end of line, expected '{' (each line must be one JSON object)"
            ),
            (
                #"{"prompt":"p","response":"r"} x"#,
                "line 3: invalid JSON at column 31: unexpected 'x' after the JSON object"
            ),
            (#"{"prompt":"p"#, "line 3: invalid JSON at column 13: unterminated string"),
            (#"{"prompt":"p","#, "line 3: invalid JSON at column 15: unexpected end of line, expected a string"),
            (
                #"{"prompt":"p","response":"r""#,
                "line 3: invalid JSON at column 29: unexpected end of line inside the object"
            ),
            (#"{"prompt":"\q"}"#, #"line 3: invalid JSON at column 12: invalid escape \q"#),
            (#"{"prompt":"\ud800x"}"#, #"line 3: invalid JSON at column 12: unpaired UTF-16 surrogate \ud800"#),
            (#"{"prompt":"\udc00"}"#, #"line 3: invalid JSON at column 12: unpaired UTF-16 surrogate \udc00"#),
            (#"{"prompt":"\u00zz"}"#, #"line 3: invalid JSON at column 16: invalid hex digit 'z' in \u escape"#),
            (
                "{\"prompt\":\"a\tb\"}",
                "line 3: invalid JSON at column 13: control character byte 0x9 inside a string must be escaped"
            ),
            (
                #"{"prompt":"p","response":"r","x":tru}"#,
                "line 3: invalid JSON at column 34: invalid literal, expected true"
            ),
            (#"{"prompt":"p","response":"r","x":}"#, "line 3: invalid JSON at column 34: expected a value, found '}'"),
            (
                #"{"prompt":"p","response":"r","x":[1 2]}"#,
                "line 3: invalid JSON at column 37: expected ',' or ']' in an array, found '2'"
            ),
            // Values that are skipped, not decoded, are still validated, with the same columns.
            (#"{"prompt":"p","response":"r","x":"\q"}"#, #"line 3: invalid JSON at column 35: invalid escape \q"#),
            (
                #"{"prompt":"p","response":"r","x":{"\ud800":1}}"#,
                #"line 3: invalid JSON at column 36: unpaired UTF-16 surrogate \ud800"#
            ),
            (
                #"{"prompt":"p","response":"r","x":["a\u12"]}"#,
                #"line 3: invalid JSON at column 41: invalid hex digit '"' in \u escape"#
            ),
            (#"{"prompt":"p","response":"r","x":"ab"#, "line 3: invalid JSON at column 37: unterminated string"),
            (#"{"prompt":"a\nb\x"}"#, #"line 3: invalid JSON at column 16: invalid escape \x"#),
            (#"{"prompt":5,"response":"r"}"#, "line 3: invalid JSON at column 11: `prompt` must be a string"),
            (#"{"prompt":"p","response":["r"]}"#, "line 3: invalid JSON at column 26: `response` must be a string"),
            (
                #"{"messages":{"role":"user"}}"#,
                "line 3: invalid JSON at column 13: expected '[' starting the `messages` list, found '{'"
            ),
            (#"{"messages":[{"role":1,"content":"x"}]}"#, "line 3: invalid JSON at column 22: `role` must be a string"),
            (#"{"prompt":"p"}"#, "line 3: missing `response`"),
            (#"{"prompt":"p","response":null}"#, "line 3: missing `response`"),
            (#"{"response":"r"}"#, "line 3: missing `prompt` (or chat `messages`)"),
            ("{}", "line 3: missing `prompt` (or chat `messages`)"),
            (
                #"{"id":true,"prompt":"p","response":"r"}"#,
                "line 3: invalid JSON at column 7: `id` must be a string or a number"
            ),
            (
                #"{"id": [1],"prompt":"p","response":"r"}"#,
                "line 3: invalid JSON at column 8: `id` must be a string or a number"
            ),
            (
                #"{"id":null,"prompt":"p","response":"r"}"#,
                "line 3: invalid JSON at column 7: `id` must be a string or a number"
            ),
            (
                #"{"id":{"a":1},"prompt":"p","response":"r"}"#,
                "line 3: invalid JSON at column 7: `id` must be a string or a number"
            ),
        ]
    )
    func badLine(line: String, message: String) {
        #expect(error(line)?.description == message)
    }

    @Test(
        "numbers must follow JSON's grammar, so the verdict's meta stays valid JSON",
        arguments: ["1-2", "01", "1.", ".5", "1e", "+1", "--1", "1.2.3", "0x10", "1e+", "-"]
    )
    func badNumber(number: String) {
        let line = #"{"prompt":"p","response":"r","n":\#(number)}"#
        let found = error(line)
        #expect(found?.message.hasPrefix("invalid JSON at column ") == true)
        let asID = error(#"{"id":\#(number),"prompt":"p","response":"r"}"#)
        #expect(asID != nil)
    }

    @Test(
        "invalid UTF-8 is rejected with the byte where it starts",
        arguments: [
            ([0xFF], 12),
            ([0xC0, 0xAF], 12),  // overlong "/"
            ([0xED, 0xA0, 0x80], 12),  // UTF-16 surrogate
            ([0xF4, 0x90, 0x80, 0x80], 12),  // above U+10FFFF
            ([0x61, 0xE2, 0x82], 13),  // truncated sequence
            ([0x61, 0x80], 13),  // lone continuation byte
        ] as [([UInt8], Int)]
    )
    func invalidUTF8(bad: [UInt8], byte: Int) {
        let bytes = Array(#"{"prompt":""#.utf8) + bad + Array(#"","response":"r"}"#.utf8)
        #expect(error(bytes: bytes)?.description == "line 3: invalid UTF-8 at byte \(byte)")
    }

    @Test("valid multi-byte UTF-8 of every length is accepted, also after 8-byte ASCII runs")
    func validUTF8() throws {
        let item = try decode(#"{"prompt":"abcdefghijklmnop é € 😀 \#u{10FFFF}","response":"r"}"#)
        #expect(item.prompt == "abcdefghijklmnop é € 😀 \u{10FFFF}")
    }

    @Test("JSON nested deeper than 64 levels is rejected; 64 levels are fine")
    func deepNesting() throws {
        func line(arrays: Int) -> String {
            #"{"prompt":"p","response":"r","deep":"# + String(repeating: "[", count: arrays)
                + String(repeating: "]", count: arrays) + "}"
        }
        // The object is one level, so 63 arrays make 64 levels.
        let fine = try decode(line(arrays: 63))
        #expect(fine.meta.first?.json == String(repeating: "[", count: 63) + String(repeating: "]", count: 63))
        let found = error(line(arrays: 100))
        #expect(found?.message.hasPrefix("invalid JSON at column ") == true)
        #expect(found?.message.hasSuffix("JSON nested deeper than 64 levels") == true)

        let inMessages =
            #"{"messages":[{"role":"user","content":"p","x":"# + String(repeating: "[", count: 100)
            + String(repeating: "]", count: 100) + "}]}"
        #expect(error(inMessages)?.message.hasSuffix("JSON nested deeper than 64 levels") == true)
        let inParts =
            #"{"messages":[{"role":"user","content":[{"type":"text","x":"# + String(repeating: "{\"a\":", count: 100)
            + "1" + String(repeating: "}", count: 100) + "}]}]}"
        #expect(error(inParts)?.message.hasSuffix("JSON nested deeper than 64 levels") == true)
    }

    @Test("a line longer than the maximum is rejected before parsing")
    func overlong() {
        let decoder = ItemDecoder(maxLineBytes: 32)
        let exact = #"{"prompt":"pppp","response":"r"}"#
        #expect(exact.utf8.count == 32)
        #expect(error(exact, decoder: decoder) == nil)
        let long = #"{"prompt":"ppppp","response":"r"}"#
        #expect(
            error(long, decoder: decoder)?.description
                == "line 3: line is 33 bytes, longer than the maximum of 32 bytes"
        )
        // Rejected on length alone, even when the content is not JSON.
        #expect(
            error(String(repeating: "x", count: 40), decoder: decoder)?.message
                == "line is 40 bytes, longer than the maximum of 32 bytes"
        )
    }

    @Test("an error after the id keeps the id for the error verdict")
    func errorKeepsID() {
        #expect(error(#"{"id":"a1","prompt":5}"#)?.idJSON == "\"a1\"")
        #expect(error(#"{"id":17,"prompt":"p"}"#)?.idJSON == "17")
        #expect(error(#"{"prompt":"p"}"#)?.idJSON == "\"data.jsonl:3\"")
        #expect(error(#"{"prompt":5,"id":"late"}"#)?.idJSON == nil)
    }

    @Test("an error verdict carries the id, the line and the message")
    func errorVerdict() {
        let lineError = LineError(line: 4, message: "missing `response`", idJSON: "\"a1\"")
        let verdict = Verdict.error(lineError, file: "b.jsonl", policy: "sha256:x", screenedAt: "2026-11-25T14:00:00Z")
        #expect(verdict.outcome == .error)
        #expect(verdict.idJSON == "\"a1\"")
        #expect(verdict.line == 4)
        #expect(verdict.error == "line 4: missing `response`")
        #expect(!verdict.refused)
        #expect(verdict.findings.isEmpty)
        let anonymous = Verdict.error(LineError(line: 9, message: "x"), file: "b.jsonl", policy: "p", screenedAt: "t")
        #expect(anonymous.idJSON == "\"b.jsonl:9\"")
    }
}
