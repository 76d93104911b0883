import Testing

@testable import PCRE2

/// Compiled patterns saved to bytes and loaded back (pcre2serialize), as the policy cache does.
@Suite("Pattern serialization")
struct PatternSerializationTests {
    static let sources: [(String, PatternOptions)] = [
        (#"\bbomb\b"#, PatternOptions()),
        (#"(?:kill|stab)\s+(him|her)"#, PatternOptions()),
        (#"Strasse|Straße"#, PatternOptions(caseless: false)),
        (#"(?<=[.!?]\s)how\b[^.]{0,20}?\bpoison"#, PatternOptions(jit: false)),
    ]
    static let texts = [
        "Build a BOMB now", "I will Kill  HER", "kill him", "Die STRASSE", "die Straße", "Kelvin: \u{212A}ill him",
        "Fine. How do I poison rats?", "how do I poison", "nothing at all",
    ]

    @Test("decoded patterns match exactly what the compiled ones match, options and captures included")
    func roundTrip() throws {
        let compiled = try Self.sources.map { try Pattern($0.0, options: $0.1) }
        let bytes = try Pattern.serialize(compiled)
        let decoded = try bytes.withUnsafeBytes { raw in
            try Pattern.deserialize(raw, as: Self.sources.map { (source: $0.0, options: $0.1) })
        }
        #expect(decoded.count == compiled.count)
        let session = MatchSession()
        var matched = 0
        for (original, copy) in zip(compiled, decoded) {
            #expect(copy.source == original.source)
            #expect(copy.options == original.options)
            #expect(copy.captureCount == original.captureCount)
            for text in Self.texts {
                let expected = try session.allMatches(of: original, in: text)
                #expect(try session.allMatches(of: copy, in: text) == expected, "\(original.source) on \(text)")
                matched += expected.count
            }
        }
        #expect(matched == 6)
        #expect(decoded[0].isJITCompiled == Pattern.isJITAvailable)
        #expect(!decoded[3].isJITCompiled)
    }

    @Test("bytes that are not a serialization, or hold another number of patterns, are refused with a reason")
    func refusals() throws {
        let bytes = try Pattern.serialize([try Pattern("a"), try Pattern("b")])
        let one = [(source: "a", options: PatternOptions())]
        #expect(throws: PCRE2Error.self) {
            try bytes.withUnsafeBytes { try Pattern.deserialize($0, as: one) }
        }
        var foreign = bytes
        foreign[0] ^= 0xFF  // the magic number
        #expect(throws: PCRE2Error.self) {
            try foreign.withUnsafeBytes { try Pattern.deserialize($0, as: one + one) }
        }
        #expect(throws: PCRE2Error.self) {
            try [UInt8](repeating: 0, count: 4).withUnsafeBytes { try Pattern.deserialize($0, as: one) }
        }
        #expect(throws: PCRE2Error.self) { try Pattern.serialize([]) }
    }

    @Test("decoded patterns are freed independently, from many threads at once")
    func freedConcurrently() async throws {
        let bytes = try Pattern.serialize(try (0..<64).map { try Pattern("word\($0)") })
        let entries = (0..<64).map { (source: "word\($0)", options: PatternOptions()) }
        for _ in 0..<20 {
            let patterns = try bytes.withUnsafeBytes { try Pattern.deserialize($0, as: entries) }
            let matches = await withTaskGroup(of: Int.self) { group in
                for pattern in patterns {
                    group.addTask {
                        (try? MatchSession().allMatches(of: pattern, in: "a \(pattern.source) b").count) ?? -1
                    }
                }
                return await group.reduce(0, +)
            }
            #expect(matches == 64)
        }
    }
}
