import Testing

@testable import Policy

@Suite("Required literals")
struct RequiredLiteralsTests {
    private func clauses(_ pattern: String) -> [[String]] {
        RequiredLiterals.clauses(of: pattern)
    }

    @Test("a sequence of words and gaps needs each word group")
    func wordsAndGaps() {
        #expect(clauses(#"\b(?:how|ways?)\b[^.]{0,60}\b(?:kill|stab)\b"#) == [["kill", "stab"], ["how", "way"]])
    }

    @Test("literals next to assertions, optional letters and small classes stay one string")
    func adjacency() {
        #expect(clauses(#"\beuthani[sz]e\b"#) == [["euthanise", "euthanize"]])
        #expect(clauses(#"\bbombs?\b"#) == [["bomb"]])
        #expect(clauses(#"hit(?! on\b)man"#) == [["hitman"]])
        #expect(clauses(#"\x{00e9}té"#) == [["été"]])
    }

    @Test("a positive look-ahead adds its own clause; a negative one adds nothing")
    func lookarounds() {
        #expect(
            clauses(#"(?=[^.]{0,300}\bpoison\b)[^.]{0,300}\bneighbou?r\b"#) == [["neighbor", "neighbour"], ["poison"]]
        )
        #expect(clauses(#"(?<!not )\bkill\b(?![^.]*game)"#) == [["kill"]])
    }

    @Test("an alternation needs one of its branches' best clauses")
    func alternation() {
        #expect(clauses(#"(?:kill\w* (?:him|her)|poison[^.]{0,9}drink)"#) == [["kill", "poison"]])
    }

    @Test("redundant longer strings are pruned: a text with 'killing' has 'kill'")
    func pruning() {
        #expect(clauses(#"\b(?:kill|killing|Kills|murder)\b"#) == [["kill", "murder"]])
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

    @Test("at most three clauses, the most selective first")
    func choosesBest() {
        let found = clauses(#"alpha[^.]*beta[^.]*gamma[^.]*deltas[^.]*epsilon"#)
        #expect(found == [["epsilon"], ["deltas"], ["alpha"]])
    }

    @Test("selectivity counts letters, not bytes: a list of nouns beats a common word with a space")
    func rarerFirst() {
        #expect(clauses(#"\bthe [^.]*\b(?:bomb|grenade)\b"#) == [["bomb", "grenade"], ["the "]])
        #expect(RequiredLiterals.expectedHits(["the "]) > RequiredLiterals.expectedHits(["bomb", "grenade"]))
        #expect(RequiredLiterals.expectedHits(["my "]) > RequiredLiterals.expectedHits(["the "]))
    }
}
