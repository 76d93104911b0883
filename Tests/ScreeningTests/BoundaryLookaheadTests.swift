import Foundation
import PCRE2
import Policy
import TestSupport
import Testing

@Suite("Word-boundary look-aheads")
struct BoundaryLookaheadTests {
    @Test(
        "examples: letters, classes, groups and nested groups",
        arguments: [
            (#"\bkill"#, #"(?=[k])\bkill"#),
            (#"x\bKill\b"#, #"x(?=[K])\bKill\b"#),
            (#"\b(?:kill|stab)s?\b"#, #"(?=[ks])\b(?:kill|stab)s?\b"#),
            (#"\b(kill|stab)"#, #"(?=[ks])\b(kill|stab)"#),
            (#"\b[sz]ing"#, #"(?=[sz])\b[sz]ing"#),
            (#"\b(?:(?:a|b)c|d+)"#, #"(?=[abd])\b(?:(?:a|b)c|d+)"#),
            (#"\b(?:kill|kick)"#, #"(?=[k])\b(?:kill|kick)"#),
            (#"[\b]a\bb"#, #"[\b]a(?=[b])\bb"#),
            (#"[]\b]\bz"#, #"[]\b](?=[z])\bz"#),
            (#"[[:alpha:]\b]\bz"#, #"[[:alpha:]\b](?=[z])\bz"#),
            (#"\\bkill"#, #"\\bkill"#),
        ]
    )
    func rewrites(_ pattern: String, _ expected: String) {
        #expect(BoundaryLookahead.guarded(pattern) == expected)
    }

    @Test(
        "left alone: optional items, unknown first characters and untracked syntax",
        arguments: [
            #"\bk?ill"#, #"\bk*ill"#, #"\bk{0,2}ill"#, #"\b(?:kill)?"#, #"\b(?:kill){0,3}"#, #"\b(?:kill|)"#,
            #"\b(?:kill|\x{41})"#, #"\b\x{41}"#, #"\b(?=a)a"#, #"\b(?i:kill)"#, #"\bé"#, #"\b[^a]"#, #"\b[a-z]"#,
            #"\b(?:a|(?-i)b)"#, #"(?x)\bkill"#, #"(?ix)\bkill"#, #"\Q\b\Ekill\bkill"#, #"(?#c)\bkill"#, #"\b.k"#,
            #"\b"#, #"\b|a"#, #"\b(?:kill"#, #"\b[ab"#,
        ]
    )
    func unchanged(_ pattern: String) {
        #expect(BoundaryLookahead.guarded(pattern) == pattern)
    }

    @Test("every shipped rule matches exactly the same spans with and without the look-aheads")
    func shippedPoliciesUnchanged() throws {
        let set = try PolicyLoader().load(directory: PrefilterEquivalenceTests.policiesDirectory)
        let rules = set.allRules
        var rewritten = 0
        var random = SeededGenerator(seed: 0xB0_0DA7)
        let words = PrefilterEquivalenceTests.literals(in: rules.map(\.pattern))
        try #require(words.count > 100)
        let separators = [" ", ". ", ", ", "\n", "'", "-", "\u{00A0}", "? ", "", "s ", "ing "]
        var texts = set.allTests.flatMap { [$0.prompt ?? "", $0.response] }
        for _ in 0..<600 {
            var text = ""
            for _ in 0..<Int(random.next() % 20 + 1) {
                var word = words[Int(random.next() % UInt64(words.count))]
                switch random.next() % 8 {
                case 0: word = word.uppercased()
                case 1: word = word.capitalized
                case 2: word = word.replacingOccurrences(of: "k", with: "\u{212A}")  // Kelvin sign folds to k
                case 3: word = word.replacingOccurrences(of: "s", with: "\u{017F}")  // long s folds to s
                default: break
                }
                text += word + separators[Int(random.next() % UInt64(separators.count))]
            }
            texts.append(text)
        }
        let session = MatchSession()
        for rule in rules {
            let guarded = BoundaryLookahead.guarded(rule.pattern)
            guard guarded != rule.pattern else { continue }
            rewritten += 1
            let options = PatternOptions(caseless: rule.caseless)
            let original = try Pattern(rule.pattern, options: options)
            let fast = try Pattern(guarded, options: options)
            for text in texts {
                let expected = try session.allMatches(of: original, in: text)
                let actual = try session.allMatches(of: fast, in: text)
                #expect(actual == expected, "rule \(rule.id) on \(text.debugDescription)")
            }
        }
        #expect(rewritten > 100, "most shipped rules use \\b before a word")
    }
}
