import Testing

@testable import PolicyTools

/// Scanning a pattern's text for the literal words and class samples inputs are built from.
@Suite("Pattern atoms")
struct PatternAtomsTests {
    @Test("words, escaped punctuation and class samples; quantifiers, groups and anchors skipped")
    func atoms() {
        let atoms = PatternAtoms(#"\b(?:how|ways?)\b.{0,40}\b(?<verb>make|build)\s+[^.!?]{0,5}\?"#)
        #expect(atoms.words == ["how", "ways", "make", "build", "?"])
        #expect(atoms.characters.contains("a"))  // `.`
        #expect(atoms.characters.contains(" "))  // `\s`
        #expect(atoms.characters.contains("?"))  // `\?`
        #expect(!atoms.words.contains { $0.contains("40") || $0.contains("verb") })
    }

    @Test("a character class contributes one member; a negated one a character outside it")
    func classes() {
        #expect(PatternAtoms("[xyz]+q").characters == ["x", "q"])
        #expect(PatternAtoms("[^a1 ]+q").characters == ["x", "q"])
    }

    @Test("a property escape contributes a character PCRE2 says it matches, in a class or on its own")
    func propertyEscapes() {
        #expect(PatternAtoms(#"\p{Lu}+z"#).characters == ["A", "z"])
        #expect(PatternAtoms(#"\p{^Ll}"#).characters == ["A"])
        #expect(PatternAtoms(#"\P{L}"#).characters == ["1"])
        #expect(
            PatternAtoms(#"\pN\p{Greek}\p{Han}\p{Mn}\p{Zl}"#).characters == ["1", "α", "中", "\u{0301}", "\u{2028}"]
        )
        #expect(PatternAtoms(#"[\p{Lu}\d]q"#).characters == ["A", "q"])
        #expect(PatternAtoms(#"[^\p{Ll}]q"#).characters == ["1", "q"], "a negated class: outside its members (a)")
        // A name PCRE2 does not know falls back to a letter, and the scan goes on after it.
        #expect(PatternAtoms(#"\p{Nope}xy"#).characters == ["a", "x", "y"])
        #expect(PatternAtoms(#"\pLxy"#).words == ["xy"])
    }

    @Test(
        "code points written as escapes are literal text: \\x{…}, \\xhh, \\o{…} and \\N{U+…} join the word around them"
    )
    func codePointEscapes() {
        #expect(PatternAtoms(#"caf\x{e9} cr\xe8me"#).words == ["café crème"])
        #expect(PatternAtoms(#"na\o{357}ve"#).words == ["naïve"])
        #expect(PatternAtoms(#"\N{U+71}\N{U+7A}"#).words == ["qz"])
        #expect(PatternAtoms(#"a\N+b"#).words == ["a", "b"])
        #expect(PatternAtoms(#"\x{1F600}!"#).characters.contains("😀"))
        // A back reference or a malformed escape contributes nothing, and the scan goes on after it.
        #expect(PatternAtoms(#"(a)\g{1}bc"#).words == ["a", "bc"])
        #expect(PatternAtoms(#"x\x{zz}y"#).words == ["x", "y"])
    }
}
