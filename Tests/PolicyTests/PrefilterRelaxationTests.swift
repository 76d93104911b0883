import Prefilter
import Testing

@testable import Policy

/// The prefilter's rewrite of PCRE2 patterns for Vectorscan: only ever widen what matches, and spell code
/// points the way Vectorscan reads them.
@Suite("Prefilter relaxation")
struct PrefilterRelaxationTests {
    @Test(
        "\\N{U+…} becomes \\x{…} in and out of classes; escaped backslashes, \\Q…\\E and a bare \\N stay",
        arguments: [
            (#"a\N{U+71}z"#, #"a\x{71}z"#),
            (#"[\N{U+E9}x]+"#, #"[\x{E9}x]+"#),
            (#"\\N{U+71}"#, #"\\N{U+71}"#),
            (#"\Q\N{U+71}\E\N{U+71}"#, #"\Q\N{U+71}\E\x{71}"#),
            (#"a\Nb"#, #"a\Nb"#),
        ]
    )
    func codePoints(pattern: String, expected: String) {
        #expect(PrefilterRelaxation.codePointsAsHex(pattern) == expected)
    }

    @Test("a rule spelled with \\N{U+…} is a candidate for the texts it matches")
    func codePointRuleIsACandidate() throws {
        let rules = """
            category: violence
            description: code points
            refuse_prompts:
              - id: x.codepoint
                description: a q written as a code point
                severity: low
                pattern: 'a\\N{U+71}z'
              - id: x.class
                description: a q in a class written as a code point
                severity: low
                pattern: 'b[\\N{U+71}\\N{U+51}]+y'
            """
        let directory = try PolicyDirectory(["x.yaml": rules])
        let set = try CompiledPolicySet.load(directory: directory.path)
        let database = try #require(set.promptRules.prefilter)
        let scratch = try PrefilterScratch(for: database)
        #expect(set.promptRules.unfiltered.isEmpty)
        #expect(try database.candidates(in: "say aqz now", scratch: scratch) == [0])
        #expect(try database.candidates(in: "say bqQqy now", scratch: scratch) == [1])
        #expect(try database.candidates(in: "say a{U+71}z", scratch: scratch) == [])
    }
}
