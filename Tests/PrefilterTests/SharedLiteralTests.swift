import Prefilter
import Testing

/// A literal several clauses hold is compiled once; every clause that holds it must still see it.
@Suite("Shared literals")
struct SharedLiteralTests {
    private static let b = String(PrefilterPattern.wordBoundary)

    /// Rules whose clauses share literals in every way: across rules, within a rule, in another letter case,
    /// with a word end checked, and beside literals of their own.
    private static let patterns: [PrefilterPattern] = [
        PrefilterPattern(id: 0, requiredLiterals: [["kill", "stab"], ["how"]]),
        PrefilterPattern(id: 1, requiredLiterals: [["KILL"], ["knife", "how"]]),
        PrefilterPattern(id: 2, requiredLiterals: [[b + "bomb" + b, "kill"]]),
        PrefilterPattern(id: 3, requiredLiterals: [[b + "bomb" + b], ["how", "way"]]),
        PrefilterPattern(id: 4, requiredLiterals: [["stab", "kill"], ["stab"]]),
        PrefilterPattern(id: 5, pattern: "poison"),
    ]

    @Test(
        "each rule is a candidate exactly when it is one compiled alone",
        arguments: [
            "how to kill", "KILL a knife", "a bomb, how", "bombs, the way", "stab", "how to stab", "kill", "how",
            "poison and a bomb", "bomber kill", "nothing here", "the way to stab with a knife: how", "a bomb",
        ]
    )
    func sameAsAlone(_ text: String) throws {
        let together = try compileAccepting(Self.patterns)
        var alone: [Int32] = []
        for pattern in Self.patterns {
            let single = try compileAccepting([pattern])
            alone += try scan(single, text)
        }
        #expect(try scan(together, text) == alone.sorted(), "\(text)")
    }

    @Test("a database with shared literals survives serialization, and its clause table is checked")
    func serialization() throws {
        let database = try compileAccepting(Self.patterns)
        let bytes = database.serialize()
        let restored = try PrefilterDatabase.deserialize(bytes)
        for text in ["how to kill", "a bomb, how", "stab", "KILL a knife"] {
            #expect(try scan(restored, text) == scan(database, text), "\(text)")
        }
        // The clause table comes first: a flipped byte in it fails its checksum.
        for position in [8, 12, 20] {
            var flipped = bytes
            flipped[position] ^= 0x01
            let error = #expect(throws: PrefilterError.self) { _ = try PrefilterDatabase.deserialize(flipped) }
            #expect(error?.code == .invalidDatabase, "byte \(position)")
        }
    }
}
