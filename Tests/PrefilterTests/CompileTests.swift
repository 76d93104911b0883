import Prefilter
import Testing

@Suite("Compile")
struct CompileTests {
    /// Constructs Vectorscan refuses even in prefilter mode, with a fragment of its message.
    static let refused: [(pattern: String, message: String)] = [
        (#"(?R)"#, "Unrecognised character after (?"),  // recursion
        (#"(a)(?1)"#, "Subpattern reference unsupported"),
        (#"(?(R)a|b)"#, "Pattern recursion not supported"),
        (#"\Gabc"#, #"\G at index 0 not supported"#),
        (#"ab\Kc"#, #"\K at index 2 not supported"#),
        (#"a\Rb"#, #"\R at index 1 not supported"#),
        (#"a\Cb"#, #"\C is unsupported in UTF8"#),
        (#"(?|a|b)"#, "Unrecognised character after (?"),  // branch reset
        (#"(*CR)a"#, "Unsupported control verb"),
        (#"(?C)a"#, "Callout"),
        (#"x{0,65535}"#, "Bounded repeat is too large"),
        (#"\b\B"#, "Pattern can never match"),
        (#"a{30000}"#, "Resource limit exceeded"),  // passes the quick check, fails the full compile
        ("a\u{0}b", "NUL character"),
        (#"(unclosed"#, "Missing close parenthesis"),
    ]

    @Test(
        "a refused construct is reported with its id and Vectorscan's message; the others still work",
        arguments: refused
    )
    func refusedConstruct(_ row: (pattern: String, message: String)) throws {
        let (database, rejected) = try PrefilterDatabase.compile([
            PrefilterPattern(id: 10, pattern: "bomb"),
            PrefilterPattern(id: 11, pattern: row.pattern),
            PrefilterPattern(id: 12, pattern: "kill"),
        ])
        #expect(rejected.map(\.patternID) == [11])
        let message = try #require(rejected.first?.message)
        #expect(message.contains(row.message), "got: \(message)")
        let compiled = try #require(database)
        #expect(try scan(compiled, "bomb, then kill") == [10, 12])
    }

    /// Constructs PCRE2 has and Vectorscan approximates in prefilter mode (a superset), so they are accepted.
    static let approximated: [String] = [
        #"(a)\1"#,  // back reference
        #"(?<n>ab)\k<n>"#,
        #"(?<!not )kill"#,  // negative lookbehind
        #"(?<=how )to"#,
        #"a(?=b)"#,
        #"a(?!b)"#,
        #"(?>ab)c"#,  // atomic group
        #"a++b"#,  // possessive
        #"\p{Greek}+"#,
        #"\X"#,
        #"(a)?(?(1)b|c)"#,  // conditionals
        #"(?(?=a)ab|c)"#,
        #"(?:\w+\s+){1,5000}x"#,  // the quick check calls this too large; the real compile shrinks it
    ]

    @Test("constructs Vectorscan approximates in prefilter mode are accepted", arguments: approximated)
    func approximatedConstruct(_ pattern: String) throws {
        let (database, rejected) = try PrefilterDatabase.compile([PrefilterPattern(id: 1, pattern: pattern)])
        #expect(rejected == [])
        #expect(database != nil)
    }

    @Test("several rejections come back in input order, whichever check found them")
    func severalRejections() throws {
        let (database, rejected) = try PrefilterDatabase.compile([
            PrefilterPattern(id: 40, pattern: #"a{30000}"#),
            PrefilterPattern(id: 30, pattern: "bomb"),
            PrefilterPattern(id: 20, pattern: #"\G"#),
            PrefilterPattern(id: 10, pattern: #"b{30000}"#),
            PrefilterPattern(id: 0, pattern: "kill"),
        ])
        #expect(rejected.map(\.patternID) == [40, 20, 10])
        #expect(rejected[0].description.contains("pattern 40 cannot be prefiltered"))
        #expect(try scan(try #require(database), "kill the bomb") == [0, 30])
    }

    @Test("no patterns gives no database and no rejections")
    func noPatterns() throws {
        let (database, rejected) = try PrefilterDatabase.compile([])
        #expect(database == nil)
        #expect(rejected == [])
    }

    @Test("only rejected patterns gives no database, and the rejections")
    func onlyRejected() throws {
        let (database, rejected) = try PrefilterDatabase.compile([PrefilterPattern(id: 3, pattern: #"\K"#)])
        #expect(database == nil)
        #expect(rejected.map(\.patternID) == [3])
    }

    @Test("duplicate ids are refused, naming the id")
    func duplicateIDs() throws {
        let error = #expect(throws: PrefilterError.self) {
            _ = try PrefilterDatabase.compile([
                PrefilterPattern(id: 2, pattern: "a"),
                PrefilterPattern(id: 2, pattern: "b"),
            ])
        }
        #expect(error?.code == .duplicatePatternID)
        #expect(error?.patternID == 2)
        #expect(error?.description.contains("give every rule its own index") == true)
    }

    @Test("ids from 0 to 2^26 - 1 come back unchanged; others are refused, naming the id")
    func idRange() throws {
        let largest = Int32(1 << 26) - 1
        let database = try compileAccepting([
            PrefilterPattern(id: 0, pattern: "zero"),
            PrefilterPattern(id: largest, pattern: "max"),
            PrefilterPattern(id: largest - 1, requiredLiterals: [["max"], ["zero"]]),
        ])
        #expect(try scan(database, "max zero") == [0, largest - 1, largest])
        for id in [Int32(-1), Int32(1 << 26), .max] {
            let error = #expect(throws: PrefilterError.self) {
                _ = try PrefilterDatabase.compile([PrefilterPattern(id: id, pattern: "a")])
            }
            #expect(error?.code == .patternIDOutOfRange)
            #expect(error?.patternID == id)
        }
    }
}
