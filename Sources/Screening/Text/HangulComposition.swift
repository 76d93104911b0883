import Foundation

/// NFKC for text with Hangul letters, done by the normaliser itself: swift-foundation's composition (toolchain
/// 6.3.1) gets Hangul wrong. It composes the archaic initial U+1113 with a vowel into U+D7A4, which is not a
/// syllable; it drops U+11A7 after a syllable ("\u{1100}\u{1161}\u{11A7}" gives "가"); and it leaves a syllable and a
/// final consonant from a compatibility letter apart ("가ㄳ" gives "가" + U+11AA, not "갃").
///
/// The algorithm is the Unicode Standard's (chapter 3.12, "Conjoining Jamo Behavior"): NFKC of each letter alone (a
/// compatibility letter becomes a conjoining one), then an initial and a vowel compose into a syllable, and a
/// syllable without a final and a final consonant into one with it.
enum HangulComposition {
    private static let syllableBase: UInt32 = 0xAC00
    private static let initialBase: UInt32 = 0x1100
    private static let vowelBase: UInt32 = 0x1161
    private static let finalBase: UInt32 = 0x11A7
    private static let vowelCount: UInt32 = 21
    private static let finalCount: UInt32 = 28
    private static let syllableCount: UInt32 = 11_172

    /// NFKC of a cluster (a scalar and the Hangul letters that follow it, see ``ScalarClass/joinsHangulSyllable(_:)``).
    static func composed(_ cluster: String.UnicodeScalarView) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        for scalar in cluster {
            for letter in String(Character(scalar)).precomposedStringWithCompatibilityMapping.unicodeScalars {
                if let last = out.last, let syllable = compose(last, letter) {
                    out[out.count - 1] = syllable
                } else {
                    out.append(letter)
                }
            }
        }
        return out
    }

    /// The syllable `first` and `second` compose into, or `nil` when they do not.
    static func compose(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Unicode.Scalar? {
        let (a, b) = (first.value, second.value)
        if (initialBase..<initialBase + 19).contains(a), (vowelBase..<vowelBase + vowelCount).contains(b) {
            let index = (a - initialBase) * vowelCount + (b - vowelBase)
            return Unicode.Scalar(syllableBase + index * finalCount)
        }
        if (syllableBase..<syllableBase + syllableCount).contains(a), (a - syllableBase) % finalCount == 0,
            (finalBase + 1..<finalBase + finalCount).contains(b)
        {
            return Unicode.Scalar(a + (b - finalBase))
        }
        return nil
    }
}
