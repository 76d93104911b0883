import Prefilter
import Testing

@Suite("Candidates")
struct CandidateTests {
    @Test("simple rules: only the patterns that occur are candidates, ascending, each once")
    func simpleRules() throws {
        let database = try compileAccepting([
            PrefilterPattern(id: 0, pattern: "bomb"),
            PrefilterPattern(id: 1, pattern: #"how\s+to\s+(?:make|build)"#),
            PrefilterPattern(id: 2, pattern: "poison"),
            PrefilterPattern(id: 7, pattern: #"\d{3}-\d{4}"#),
        ])
        #expect(try scan(database, "how to  build a shed") == [1])
        #expect(try scan(database, "call 555-1234 about the bomb, the bomb!") == [0, 7])
        #expect(try scan(database, "a quiet afternoon") == [])
        #expect(try scan(database, "poison bomb how to make") == [0, 1, 2])
    }

    @Test("the raw-bytes overload gives the same answer as the String one")
    func bytesMatchString() throws {
        let database = try compileAccepting([
            PrefilterPattern(id: 3, pattern: "bomb"),
            PrefilterPattern(id: 4, pattern: "ёж", caseless: true),
        ])
        let text = "Ёж и bomb"
        let scratch = try PrefilterScratch(for: database)
        let fromBytes = try Array(text.utf8).withUnsafeBytes { bytes in
            try database.candidates(in: bytes, scratch: scratch)
        }
        #expect(fromBytes == [3, 4])
        #expect(try database.candidates(in: text, scratch: scratch) == fromBytes)
    }

    @Test("an empty text is scanned: only patterns that can match empty are candidates")
    func emptyText() throws {
        let database = try compileAccepting([
            PrefilterPattern(id: 0, pattern: "bomb"),
            PrefilterPattern(id: 1, pattern: "x*"),
        ])
        #expect(try scan(database, "") == [1])
        let scratch = try PrefilterScratch(for: database)
        let fromEmptyBuffer = try database.candidates(
            in: UnsafeRawBufferPointer(start: nil, count: 0),
            scratch: scratch
        )
        #expect(fromEmptyBuffer == [1])
    }

    @Test("caseless applies per pattern")
    func caselessPerPattern() throws {
        let database = try compileAccepting([
            PrefilterPattern(id: 0, pattern: "bomb", caseless: true),
            PrefilterPattern(id: 1, pattern: "kill"),
        ])
        #expect(try scan(database, "BOMB and KILL") == [0])
        #expect(try scan(database, "Bomb and kill") == [0, 1])
    }

    /// Each row: pattern, caseless, text, whether it is a candidate. These are the behaviours PCRE2 has with
    /// UTF | UCP | CASELESS too (simple case folding, no ß → SS), so the prefilter loses nothing.
    static let unicodeCases: [(String, Bool, String, Bool)] = [
        ("kelvin", true, "\u{212A}elvin", true),  // Kelvin sign folds to k
        ("kelvin", false, "\u{212A}elvin", false),
        (#"\x{212A}elvin"#, true, "kelvin", true),
        (#"\x{212A}elvin"#, true, "Kelvin", true),
        ("Kelvin", true, "KELVIN", true),
        ("s", true, "\u{017F}", true),  // long s folds to s
        ("café", true, "CAFÉ", true),
        ("café", false, "CAFÉ", false),
        ("straße", true, "STRAẞE", true),  // capital sharp s
        ("straße", true, "STRASSE", false),  // no multi-character folding
        ("бомба", true, "БОМБА", true),
        ("бомба", false, "БОМБА", false),
        ("σ", true, "Σ", true),
        ("σ", true, "ς", true),
        ("bomb", false, "Ça c'est une bombe 💣 ici", true),
        (#"\w+é"#, false, "café", true),
        (#"\p{Cyrillic}+"#, false, "hello мир", true),
        (#"\p{Cyrillic}+"#, false, "hello world", false),
        (#"\d"#, false, "\u{0663}", true),  // Arabic-Indic three is a digit under UCP
        (#"a\s+b"#, false, "a\u{00A0}b", true),  // no-break space is \s under UCP
    ]

    @Test("Unicode case folding and classes", arguments: unicodeCases)
    func unicode(_ row: (String, Bool, String, Bool)) throws {
        let (pattern, caseless, text, expected) = row
        let database = try compileAccepting([PrefilterPattern(id: 5, pattern: pattern, caseless: caseless)])
        #expect(try scan(database, text) == (expected ? [5] : []), "\(pattern) on \(text)")
    }

    @Test("dotAll and multiline reach Vectorscan")
    func dotAllAndMultiline() throws {
        let database = try compileAccepting([
            PrefilterPattern(id: 0, pattern: "a.b"),
            PrefilterPattern(id: 1, pattern: "a.b", dotAll: true),
            PrefilterPattern(id: 2, pattern: "^second"),
            PrefilterPattern(id: 3, pattern: "^second", multiline: true),
        ])
        #expect(try scan(database, "a\nb") == [1])
        #expect(try scan(database, "first\nsecond") == [3])
    }

    @Test("a text over 4 GiB is refused, not truncated")
    func textTooLarge() throws {
        let database = try compileAccepting([PrefilterPattern(id: 0, pattern: "bomb")])
        let scratch = try PrefilterScratch(for: database)
        var byte: UInt8 = 0
        // Never read: the length check comes before the scan.
        let error = withUnsafeBytes(of: &byte) { one in
            #expect(throws: PrefilterError.self) {
                _ = try database.candidates(
                    in: UnsafeRawBufferPointer(start: one.baseAddress, count: Int(UInt32.max) + 1),
                    scratch: scratch
                )
            }
        }
        #expect(error?.code == .textTooLarge)
    }
}
