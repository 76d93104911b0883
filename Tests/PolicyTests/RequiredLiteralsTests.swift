import Testing

@testable import Policy

@Suite("Required literals")
struct RequiredLiteralsTests {
    /// The clauses with the stand-ins written back as `\\b` and `\\s`, so expectations read like patterns.
    private func clauses(_ pattern: String) -> [[String]] {
        RequiredLiterals.clauses(of: pattern).map { clause in
            clause.map { string in
                string.unicodeScalars.map { scalar in
                    switch scalar {
                    case RequiredLiterals.wordBoundary: return #"\b"#
                    case RequiredLiterals.whiteSpace: return #"\s"#
                    default: return String(scalar)
                    }
                }.joined()
            }
        }
    }

    @Test("a sequence of words and gaps needs each word group")
    func wordsAndGaps() {
        #expect(
            clauses(#"\b(?:how|ways?)\b[^.]{0,60}\b(?:kill|stab)\b"#)
                == [[#"\bkill\b"#, #"\bstab\b"#], [#"\bhow\b"#, #"\bway\b"#, #"\bways\b"#]]
        )
    }

    @Test("literals next to assertions, optional letters and small classes stay one string")
    func adjacency() {
        #expect(clauses(#"\beuthani[sz]e\b"#) == [[#"\beuthanise\b"#, #"\beuthanize\b"#]])
        #expect(clauses(#"\bbombs?"#) == [[#"\bbomb"#]])
        #expect(clauses(#"\bbombs?\b"#) == [[#"\bbomb\b"#, #"\bbombs\b"#]])
        #expect(clauses(#"hit(?! on\b)man"#) == [["hitman"]])
        #expect(clauses(#"\x{00e9}té"#) == [["été"]])
        #expect(clauses(#"\N{U+E9}t\N{U+00E9}"#) == [["été"]], "\\N{U+…} is a code point too")
        #expect(clauses(#"abc\Ndef"#) == clauses(#"abc.def"#), "a bare \\N is any character but a line feed")
    }

    @Test("a positive look-ahead adds its own clause; a negative one adds nothing")
    func lookarounds() {
        #expect(
            clauses(#"(?=[^.]{0,300}\bpoison\b)[^.]{0,300}\bneighbou?r\b"#)
                == [[#"\bneighbor\b"#, #"\bneighbour\b"#], [#"\bpoison\b"#]]
        )
        #expect(clauses(#"(?<!not )kill(?![^.]*game)"#) == [["kill"]])
    }

    @Test("an alternation needs, for a clause of one branch, a matching clause of every other branch")
    func alternation() {
        // `[drink, kill]` holds too, but a text with one of the first clause's strings almost always has it by
        // having "kill" (the far likelier string), so it would filter little.
        #expect(
            clauses(#"(?:kill\w* (?:him|her)|poison[^.]{0,9}drink)"#)
                == [["kill", "poison"], [" her", " him", "poison"]]
        )
        // Both orders of the same two words: each word is required, not just one of the two.
        #expect(clauses(#"(?:make[^.]*bomb|bomb[^.]*make)"#) == [["bomb"], ["make"]])
    }

    @Test("white space is one class, so words around \\s stay one string; a literal U+E000 is unknown")
    func whiteSpace() {
        #expect(clauses(#"\bto\s(?:kill|stab)\b"#) == [[#"\bto\skill\b"#, #"\bto\sstab\b"#]])
        // A repeated or literal stand-in character is "some unknown text": the words around it are separate.
        #expect(clauses(#"kill\s+him"#) == [["kill"], ["him"]])
        #expect(clauses("kill\u{E000}him") == [["kill"], ["him"]])
        #expect(clauses(#"kill\x{E001}him"#) == [["kill"], ["him"]])
    }

    @Test("a clause of more than 512 strings is not used: it costs more compile time than it filters")
    func hugeClausesDropped() {
        func alternation(_ count: Int) -> String {
            "(?:" + (0..<count).map { #"word\#($0)q\d"# }.joined(separator: "|") + ")"
        }
        #expect(clauses(alternation(512)).map(\.count) == [512])
        #expect(clauses(alternation(513)) == [])
    }

    @Test("a clause another chosen one mostly implies is not scanned for as well")
    func impliedClausesDropped() {
        // "to kill" implies "kill": scanning for both filters no better than for the first.
        #expect(clauses(#"(?=[^.]*to (?:kill|stab))[^.]*(?:kill|stab)"#) == [["to kill", "to stab"]])
        #expect(RequiredLiterals.mostlyImplies(["to kill", "to stab"], ["kill", "stab"]))
        #expect(!RequiredLiterals.mostlyImplies(["kill", "stab"], ["to kill", "to stab"]))
        // Weighed by expected hits: sharing two rare strings does not make the common "plan" imply the nouns.
        let verbs = ["plan", "commit", "shoot up a school", "shoot up a church"]
        let nouns = ["massacre", "bombing", "shoot up a school", "shoot up a church"]
        #expect(!RequiredLiterals.mostlyImplies(verbs, nouns))
        #expect(!RequiredLiterals.mostlyImplies(["shoot up a school", "shoot up a church", "plan"], ["shoot up"]))
        #expect(RequiredLiterals.mostlyImplies(["to plan", "shoot up a school"], ["plan", "murder"]))
        // So a rule of that shape is scanned for both its verbs and its nouns.
        let plan = #"\b(?:plan|commit)\b[^.]{0,30}\b(?:massacre|bombing)\b|\bshoot up (?:a|the) (?:school|church)\b"#
        #expect(clauses(plan).count == 2)
    }

    @Test("redundant longer strings are pruned: a text with 'killing' has 'kill'")
    func pruning() {
        #expect(clauses(#"\b(?:kill|killing|Kills|murder)"#) == [[#"\bkill"#, #"\bmurder"#]])
    }

    @Test("short literals are dropped; nothing selective or syntax not understood gives no clauses (never skipped)")
    func nothingUsable() {
        #expect(clauses(#"\w+@\w+\.com"#) == [[".com"]])  // "@" alone is too short to be worth a scan
        #expect(clauses(#"(?:kill|x)"#) == [])
        #expect(clauses(#"(?x) kill \s+ him"#) == [])
        #expect(clauses(#"(kill)\1"#) == [])
        #expect(clauses(#"(?:kill)?"#) == [])
        #expect(clauses(#"[a-z]{3,}"#) == [])
    }

    @Test("a word before a list of several hundred phrases stays joined to them")
    func longExactProducts() {
        let phrases = (0..<300).map { "verb\($0)q" }
        let pattern = #"\bpour\s(?:"# + phrases.joined(separator: "|") + #")\b[^.]{0,20}\bfin"#
        let found = clauses(pattern)
        #expect(found.contains { $0.count == 300 && $0.allSatisfy { $0.contains("pour") && $0.contains("verb") } })
    }

    @Test("a digit counts double toward the minimum length: C4 is as rare in prose as a three-letter word")
    func digitsCountDouble() {
        #expect(clauses(#"(?:bomb|TNT|C-?4)"#).map { Set($0) } == [["bomb", "TNT", "C-4", "C4"]])
        #expect(clauses(#"(?:bomb|ok)"#) == [])
        #expect(clauses(#"(?:bomb|4)"#) == [])
        #expect(RequiredLiterals.minimumByteLength(["C4", "bomb"]) == 3)
        #expect(RequiredLiterals.minimumByteLength(["ok", "bomb"]) == 2)
    }

    @Test("at most three clauses, the most selective first")
    func choosesBest() {
        let found = clauses(#"alpha[^.]*beta[^.]*gamma[^.]*deltas[^.]*epsilon"#)
        #expect(found == [["epsilon"], ["deltas"], ["alpha"]])
    }

    @Test("selectivity counts letters, not bytes: a list of nouns beats a common word with a space")
    func rarerFirst() {
        #expect(clauses(#"the [^.]*(?:bomb|grenade)"#) == [["bomb", "grenade"], ["the "]])
        #expect(RequiredLiterals.expectedHits(["the "]) > RequiredLiterals.expectedHits(["bomb", "grenade"]))
        #expect(RequiredLiterals.expectedHits(["my "]) > RequiredLiterals.expectedHits(["the "]))
    }
}
