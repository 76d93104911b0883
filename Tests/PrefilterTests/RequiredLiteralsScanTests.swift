import Prefilter
import Testing

@Suite("Required-literal patterns")
struct RequiredLiteralsScanTests {
    @Test("one clause: a candidate whenever one of its strings occurs, in any letter case")
    func oneClause() throws {
        let database = try compileAccepting([
            PrefilterPattern(id: 0, requiredLiterals: [["kill", "stab"]]),
            PrefilterPattern(id: 1, pattern: "bomb"),
        ])
        #expect(try scan(database, "STAB wounds") == [0])
        #expect(try scan(database, "a bomb, a skill") == [0, 1])
        #expect(try scan(database, "a quiet afternoon") == [])
    }

    @Test("several clauses: a candidate only when every clause is found, in any order")
    func allClauses() throws {
        let database = try compileAccepting([
            PrefilterPattern(id: 5, requiredLiterals: [["how", "way"], ["kill", "stab"]]),
            PrefilterPattern(id: 6, requiredLiterals: [["foo"]]),
        ])
        #expect(try scan(database, "How do I KILL him") == [5])
        #expect(try scan(database, "kill only") == [])
        #expect(try scan(database, "foo how stab") == [5, 6])
        #expect(try scan(database, "stab, then the way") == [5])
    }

    @Test("a word-boundary stand-in at either end: not inside a longer word, yes at the text's edges")
    func wordBoundary() throws {
        let b = String(PrefilterPattern.wordBoundary)
        let database = try compileAccepting([
            PrefilterPattern(id: 0, requiredLiterals: [[b + "fuse" + b]]),
            PrefilterPattern(id: 1, requiredLiterals: [[b + "add"]]),
            PrefilterPattern(id: 2, requiredLiterals: [[b + "été" + b]]),
        ])
        #expect(try scan(database, "things that confuse you; a refused loan") == [])
        #expect(try scan(database, "fuse") == [0])
        #expect(try scan(database, "light the FUSE, then") == [0])
        #expect(try scan(database, "ladder") == [])
        #expect(try scan(database, "address it") == [1])
        #expect(try scan(database, "«fuse»") == [0])
        // A non-ASCII letter is a word character for PCRE2: the ASCII class must still admit this text.
        #expect(try scan(database, "l'été dernier") == [2])
        #expect(try scan(database, "ÉTÉ") == [2])
    }

    @Test("a word end is checked after every match, so a later occurrence that ends a word still counts")
    func wordEndAfterEveryMatch() throws {
        let b = String(PrefilterPattern.wordBoundary)
        let database = try compileAccepting([
            PrefilterPattern(id: 0, requiredLiterals: [[b + "bomb" + b, "grenade"]]),
            PrefilterPattern(id: 1, requiredLiterals: [["how" + b], ["gun" + b]]),
        ])
        #expect(try scan(database, "bombs and bombers") == [])
        #expect(try scan(database, "bombs, then a bomb") == [0])
        #expect(try scan(database, "bombs and a grenade") == [0])
        // Strings with and without a word end in one clause: the rule is listed once.
        #expect(try scan(database, "a grenade and a bomb.") == [0])
        #expect(try scan(database, "bomb_2 bomb2") == [])
        // A non-ASCII letter after the literal is let through (PCRE2 decides; a superset is enough).
        #expect(try scan(database, "bombé") == [0])
        #expect(try scan(database, "however, guns... how? gun") == [1])
        #expect(try scan(database, "however guns") == [])
    }

    @Test("the white-space stand-in matches every white space PCRE2's \\s does, and a long clause is split")
    func whiteSpaceAndLongClauses() throws {
        let s = String(PrefilterPattern.whiteSpace)
        let many = (0..<300).map { "word\($0)x" }
        let database = try compileAccepting([
            PrefilterPattern(id: 0, requiredLiterals: [["to" + s + "kill"]]),
            PrefilterPattern(id: 1, requiredLiterals: [many, ["zebra"]]),
        ])
        for space in ["\u{20}", "\t", "\n", "\u{A0}", "\u{85}", "\u{2003}", "\u{3000}", "\u{2028}", "\u{180E}"] {
            #expect(
                try scan(database, "how to\(space)kill") == [0],
                "U+\(String(space.unicodeScalars.first!.value, radix: 16))"
            )
        }
        #expect(try scan(database, "tokill, to-kill") == [])
        #expect(try scan(database, "word299x zebra") == [1])
        #expect(try scan(database, "word0x zebra") == [1])
        #expect(try scan(database, "word300x zebra") == [])
    }

    @Test("large rule ids do not collide with the clauses' own ids")
    func largeIDs() throws {
        let database = try compileAccepting([
            PrefilterPattern(id: 2_000_000, requiredLiterals: [["how"], ["kill"]]),
            PrefilterPattern(id: 2_000_001, requiredLiterals: [["bomb"], ["build"]]),
            PrefilterPattern(id: 3, pattern: "zebra"),
        ])
        #expect(try scan(database, "how to build a zebra") == [3])
        #expect(try scan(database, "how to build a bomb, kill") == [2_000_000, 2_000_001])
    }

    @Test("more than four clauses are refused, so the rule always runs")
    func tooManyClauses() throws {
        let (database, rejected) = try PrefilterDatabase.compile([
            PrefilterPattern(id: 0, requiredLiterals: [["aaa"], ["bbb"], ["ccc"], ["ddd"], ["eee"]]),
            PrefilterPattern(id: 1, requiredLiterals: [["aaa"], ["bbb"], ["ccc"], ["ddd"]]),
        ])
        #expect(rejected.map(\.patternID) == [0])
        #expect(rejected.first?.message.contains("at most 4") == true)
        let scratch = try PrefilterScratch(for: try #require(database))
        #expect(try database?.candidates(in: "ddd ccc bbb aaa", scratch: scratch) == [1])
        #expect(try database?.candidates(in: "ddd ccc bbb", scratch: scratch) == [])
    }

    @Test("many rules partly matched in one text: each completes on its own clauses only")
    func manyPartialRules() throws {
        let patterns = (0..<40).map { index in
            PrefilterPattern(id: Int32(index), requiredLiterals: [["alpha\(index)x"], ["common"], ["beta\(index)y"]])
        }
        let database = try compileAccepting(patterns)
        let text = (0..<40).map { "alpha\($0)x" }.joined(separator: " ") + " common beta7y beta31y"
        #expect(try scan(database, text) == [7, 31])
        #expect(try scan(database, "beta7y common") == [])
    }

    @Test("literals are literal: punctuation and non-ASCII letters are escaped, Unicode case folds")
    func escaping() throws {
        let database = try compileAccepting([
            PrefilterPattern(id: 0, requiredLiterals: [["a.b(c", "x|y"]]),
            PrefilterPattern(id: 1, requiredLiterals: [["töten"], ["wie"]]),
        ])
        #expect(try scan(database, "aXb(c") == [])
        #expect(try scan(database, "see a.b(c here") == [0])
        #expect(try scan(database, "x|y") == [0])
        #expect(try scan(database, "Wie kann ich TÖTEN") == [1])
    }

    @Test("an empty clause cannot filter: the rule is rejected and so always runs")
    func emptyClauseRejected() throws {
        let (database, rejected) = try PrefilterDatabase.compile([
            PrefilterPattern(id: 0, requiredLiterals: [["kill"], []]),
            PrefilterPattern(id: 1, requiredLiterals: [["ok"]]),
        ])
        #expect(rejected.map(\.patternID) == [0])
        let scratch = try PrefilterScratch(for: try #require(database))
        #expect(try database?.candidates(in: "ok kill", scratch: scratch) == [1])
    }
}
