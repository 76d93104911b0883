import Prefilter

extension RequiredLiterals {
    /// `clause` without the strings whose every prefilter hit holds a hit of another string of the clause, so the
    /// clause finds the same texts with fewer strings for Vectorscan to look for (each one slows the scan).
    ///
    /// ``pruned(_:)`` drops strings that contain another one as it is spelled; this also reads the stand-ins the
    /// way the prefilter scans for them (see ``PrefilterPattern/wordBoundary``): `\bbeat up\b` holds
    /// `\bbeat\b`, because a space ends the word, and `\bassassinate\s` holds `\bassassinate\b`.
    static func withoutImpliedStrings(_ clause: [String]) -> [String] {
        let literals = clause.map(ScannedLiteral.init)
        // A string is dropped for another that stays: one it holds that does not hold it back, or, of two that
        // hold each other (the same string in another letter case), the first. So of strings that imply each
        // other in a chain, the most general one stays.
        var dropped = Set<Int>()
        let order = literals.indices.sorted { (literals[$0].scalars.count, $0) < (literals[$1].scalars.count, $1) }
        for index in order.reversed() {
            let implied = literals.indices.contains { other in
                other != index && !dropped.contains(other) && literals[index].alwaysHolds(literals[other])
                    && (other < index || !literals[other].alwaysHolds(literals[index]))
            }
            if implied { dropped.insert(index) }
        }
        return clause.indices.filter { !dropped.contains($0) }.map { clause[$0] }
    }

    /// A clause string as the prefilter scans for it: its characters, and whether a word boundary is checked
    /// before the first and after the last (a ``wordBoundary`` anywhere else is not checked).
    struct ScannedLiteral {
        /// The characters, ``whiteSpace`` standing for any one white-space character.
        let scalars: [Unicode.Scalar]
        /// Whether the character before a hit must be the text's start or not an ASCII letter, digit or `_`.
        let checksStart: Bool
        /// Whether the character after a hit must be the text's end or not an ASCII letter, digit or `_`.
        let checksEnd: Bool

        init(_ string: String) {
            let all = Array(string.unicodeScalars)
            scalars = all.filter { $0 != wordBoundary }
            checksStart =
                all.first == wordBoundary && scalars.first.map { PrefilterPattern.isWordCharacter($0) } == true
            checksEnd = all.last == wordBoundary && scalars.last.map { PrefilterPattern.isWordCharacter($0) } == true
        }

        /// Whether every text where the prefilter finds `self` also holds a hit of `other`: `other`'s characters
        /// appear in `self`'s at some offset (letter case aside, its white space matching `self`'s), and each
        /// boundary `other` checks is certain there, from `self`'s own characters or from a boundary `self`
        /// checks at the same end.
        func alwaysHolds(_ other: ScannedLiteral) -> Bool {
            guard other.scalars.count <= scalars.count, !other.scalars.isEmpty else { return false }
            return (0...(scalars.count - other.scalars.count)).contains { holds(other, at: $0) }
        }

        private func holds(_ other: ScannedLiteral, at offset: Int) -> Bool {
            for (position, scalar) in other.scalars.enumerated()
            where !Self.sameInEveryText(scalars[offset + position], scalar) {
                return false
            }
            let end = offset + other.scalars.count
            if other.checksStart && !(offset == 0 ? checksStart : Self.endsWord(scalars[offset - 1])) { return false }
            if other.checksEnd && !(end == scalars.count ? checksEnd : Self.endsWord(scalars[end])) { return false }
            return true
        }

        /// Whether every text character the prefilter lets `mine` match, `theirs` matches too: equal, ASCII letter
        /// case aside; or `theirs` is white space and `mine` is white space or a space. Other characters must be
        /// equal, which is stricter than the prefilter's Unicode case folding, so never wrong.
        private static func sameInEveryText(_ mine: Unicode.Scalar, _ theirs: Unicode.Scalar) -> Bool {
            if theirs == whiteSpace { return mine == whiteSpace || mine == " " }
            return lowered(mine) == lowered(theirs)
        }

        /// Whether every text character `scalar` matches is neither an ASCII letter or digit nor `_`, so a
        /// boundary check next to it always passes: ASCII punctuation, a space, or white space. (A non-ASCII
        /// letter is not taken: with letter case ignored, the Kelvin sign matches "k".)
        private static func endsWord(_ scalar: Unicode.Scalar) -> Bool {
            if scalar == whiteSpace { return true }
            return scalar.isASCII && !PrefilterPattern.isASCIIWordByte(UInt8(scalar.value))
        }

        private static func lowered(_ scalar: Unicode.Scalar) -> UInt32 {
            (0x41...0x5A).contains(scalar.value) ? scalar.value | 0x20 : scalar.value
        }
    }
}
