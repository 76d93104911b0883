import Prefilter
import Testing

@Suite("Serialization")
struct SerializationTests {
    static let patterns = [
        PrefilterPattern(id: 0, pattern: #"\bbomb\b"#),
        PrefilterPattern(id: 1, pattern: #"how\s+to\s+(?:make|build)"#, caseless: true),
        PrefilterPattern(id: 2, pattern: #"(?<!not )kill"#),
        PrefilterPattern(id: 3, pattern: "бомба", caseless: true),
    ]
    static let texts = [
        "How To Make a bomb", "I will not kill", "БОМБА", "nothing to see", "", "kill bill and the bomb",
    ]

    @Test("a round trip gives identical candidates")
    func roundTrip() throws {
        let original = try compileAccepting(Self.patterns)
        let bytes = original.serialize()
        #expect(!bytes.isEmpty)
        let restored = try PrefilterDatabase.deserialize(bytes)
        #expect(restored.byteCount == original.byteCount)
        #expect(restored.serialize() == bytes)
        for text in Self.texts {
            #expect(try scan(restored, text) == scan(original, text), "\(text)")
        }
        #expect(try scan(restored, "How To Make a bomb") == [0, 1])
    }

    @Test("empty, truncated, corrupted and foreign bytes are refused with a fix")
    func invalidBytes() throws {
        let bytes = try compileAccepting(Self.patterns).serialize()
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x55
        let cases: [[UInt8]] = [[], Array(bytes.prefix(bytes.count / 2)), flipped, Array("not a database".utf8)]
        for candidate in cases {
            let error = #expect(throws: PrefilterError.self) {
                _ = try PrefilterDatabase.deserialize(candidate)
            }
            #expect(error?.code == .invalidDatabase)
            #expect(error?.message.contains("delete the cache file and recompile") == true)
        }
    }

    @Test("the engine version is known, for cache keys")
    func engineVersion() {
        #expect(PrefilterDatabase.engineVersion.first?.isNumber == true)
    }
}
