import Foundation
import Prefilter
import Testing

@testable import Policy

/// A clause string is dropped only when every prefilter hit of it holds a hit of another string of the
/// clause: then the clause finds exactly the same texts.
@Suite("Required literals: strings implied by shorter ones")
struct ImpliedStringsTests {
    private static let b = String(RequiredLiterals.wordBoundary)
    private static let s = String(RequiredLiterals.whiteSpace)

    /// `\b` and `\s` in `text` as the stand-ins.
    private static func literal(_ text: String) -> String {
        text.replacingOccurrences(of: #"\b"#, with: b).replacingOccurrences(of: #"\s"#, with: s)
    }

    private static func kept(_ strings: [String]) -> [String] {
        RequiredLiterals.withoutImpliedStrings(strings.map(literal)).map {
            $0.replacingOccurrences(of: b, with: #"\b"#).replacingOccurrences(of: s, with: #"\s"#)
        }
    }

    @Test(
        "a longer string is dropped when a space, punctuation or a boundary it checks ends the shorter one's word",
        arguments: [
            ([#"\bbeat up\b"#, #"\bbeat\b"#], [#"\bbeat\b"#]),
            ([#"\bassassinate\s"#, #"\bassassinate\b"#], [#"\bassassinate\b"#]),
            ([#"\ba hit man\b"#, #"\bhit\b"#], [#"\bhit\b"#]),
            ([#"\bsomeone to kill\b"#, #"\bto kill\b"#], [#"\bto kill\b"#]),
            ([#"to kill"#, #"to\skill"#], [#"to\skill"#]),
            ([#"to\skill"#, #"to kill"#], [#"to\skill"#]),
            ([#"\bKill\b"#, #"\bkill\b"#, #"\bKILL\b"#], [#"\bKill\b"#]),
            ([#"\bkill!"#, #"\bkill\b"#], [#"\bkill\b"#]),
            ([#"\bKILL IT\b"#, #"\bkill\b"#], [#"\bkill\b"#]),
        ]
    )
    func dropped(_ clause: [String], _ expected: [String]) {
        #expect(Self.kept(clause) == expected)
    }

    @Test(
        "a longer string stays when the shorter one's boundary or white space is not certain inside it",
        arguments: [
            [#"\bkilling\b"#, #"\bkill\b"#],  // a letter follows
            [#"\bskill\b"#, #"\bkill\b"#],  // a letter precedes
            [#"kill it\b"#, #"\bkill\b"#],  // nothing says what precedes "kill"
            [#"\bkill it"#, #"\bit\b"#],  // nothing says what follows "it"
            [#"to\skill"#, #"to\sdie"#],  // neither holds the other
            [#"\bcafé\b"#, #"\bcaf\b"#],  // a non-ASCII letter follows
            [#"\bſkill\b"#, #"\bkill\b"#],  // the long s is a letter whatever its case
        ]
    )
    func kept(_ clause: [String]) {
        #expect(Self.kept(clause) == clause)
    }

    @Test("random strings: whenever the prefilter finds a dropped string, it finds the one that implied it")
    func impliedStringsAreFound() throws {
        // Strings from a small alphabet with boundaries and white space; texts from the same alphabet with other
        // white space and letters around, so that hits with and without their boundaries both occur.
        let pieces = ["a", "b", "ab", " ", "-", Self.s, "é", "k"]
        let textPieces = ["a", "b", " ", "\t", "-", "é", "k", "K", "x", "_", "ab "]
        var state: UInt64 = 0x5EB5
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        var pairs: [(String, String)] = []
        while pairs.count < 150 {
            var short = ""
            for _ in 0..<(1 + next(3)) { short += pieces[next(pieces.count)] }
            guard short.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else { continue }
            let long =
                (next(2) == 0 ? Self.b : "") + ["", "a", "b ", "-", " ", Self.s][next(6)] + short
                + ["", "a", " b", "-", " ", Self.s][next(6)] + (next(2) == 0 ? Self.b : "")
            let short2 = (next(2) == 0 ? Self.b : "") + short + (next(2) == 0 ? Self.b : "")
            guard RequiredLiterals.withoutImpliedStrings([long, short2]) == [short2] else { continue }
            pairs.append((long, short2))
        }
        let patterns = pairs.enumerated().flatMap { index, pair in
            [
                PrefilterPattern(id: Int32(2 * index), requiredLiterals: [[pair.0]]),
                PrefilterPattern(id: Int32(2 * index + 1), requiredLiterals: [[pair.1]]),
            ]
        }
        let (compiled, rejected) = try PrefilterDatabase.compile(patterns)
        #expect(rejected.isEmpty)
        let database = try #require(compiled)
        let scratch = try PrefilterScratch(for: database)
        var longFound = 0
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<(2 + next(10)) { text += textPieces[next(textPieces.count)] }
            // Put one pair's longer string in, its stand-ins written as text would have them.
            let (long, _) = pairs[next(pairs.count)]
            let spelled = long.replacingOccurrences(of: Self.b, with: "")
                .replacingOccurrences(of: Self.s, with: ["\t", " ", "\n"][next(3)])
            text.insert(contentsOf: spelled, at: text.index(text.startIndex, offsetBy: next(text.count + 1)))
            let found = Set(try database.candidates(in: text, scratch: scratch))
            for id in found where id % 2 == 0 {
                longFound += 1
                #expect(found.contains(id + 1), "\(pairs[Int(id) / 2]) in \(text.debugDescription)")
            }
        }
        #expect(longFound > 2_000, "texts where a dropped string was found: \(longFound)")
    }
}
