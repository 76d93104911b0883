import Foundation

/// Precomputed Unicode facts the normaliser needs for every scalar, so the common scripts of European
/// text (Latin, Greek, Cyrillic, and the rest below U+0800) and typographic punctuation (U+2000–U+206F: ’ “ ” – —
/// …) cost a table lookup instead of several Unicode property queries.
enum ScalarClass {
    private static let plainBit: UInt8 = 1
    private static let combiningBit: UInt8 = 2
    /// The bit of ``table`` that answers ``isKept(_:)``.
    static let keptBit: UInt8 = 4
    /// Scalars below this are answered from `table`.
    private static let tableLimit: UInt32 = 0x800
    /// The General Punctuation block, answered from `punctuationTable`; other scalars ask the standard library.
    private static let punctuation: Range<UInt32> = 0x2000..<0x2070

    /// The bits of every scalar below ``tableLimit``, by scalar value (read directly by the normaliser's fast path).
    static let table: [UInt8] = (0..<tableLimit).map(bits)
    private static let punctuationTable: [UInt8] = punctuation.map(bits)

    private static func bits(_ value: UInt32) -> UInt8 {
        guard let scalar = Unicode.Scalar(value) else { return 0 }
        var bits: UInt8 = 0
        if computePlain(scalar) { bits |= plainBit }
        if scalar.properties.canonicalCombiningClass != .notReordered { bits |= combiningBit }
        if computeKept(scalar, plain: bits & plainBit != 0) { bits |= keptBit }
        return bits
    }

    /// The table bits of `scalar`, or `nil` when it is in neither table.
    private static func tableBits(_ scalar: Unicode.Scalar) -> UInt8? {
        if scalar.value < tableLimit { return table[Int(scalar.value)] }
        if punctuation.contains(scalar.value) { return punctuationTable[Int(scalar.value - punctuation.lowerBound)] }
        return nil
    }

    /// Whether the normaliser copies `scalar` unchanged when no combining mark follows it: NFKC leaves it
    /// alone (letter case does not matter here: "É" is kept, where ``isPlain`` is false for it), and it is
    /// neither whitespace, a format or control character, nor a combining mark itself.
    static func isKept(_ scalar: Unicode.Scalar) -> Bool {
        if let bits = tableBits(scalar) { return bits & keptBit != 0 }
        return isPlain(scalar) && scalar.properties.canonicalCombiningClass == .notReordered
            && !joinsHangulSyllable(scalar)
    }

    /// Whether NFKC may compose `scalar` with the Hangul letters before it although its combining class is 0: a
    /// conjoining vowel or final consonant (U+1161–U+1175, U+11A8–U+11C2: "ᄀ" + "ᅡ" is "가", "가" + "ᆨ" is "각"),
    /// or a compatibility letter (U+3131–U+318E), which NFKC turns into a conjoining one first ("ㄱㅏ" is "가").
    static func joinsHangulSyllable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1161...0x1175, 0x11A8...0x11C2, 0x3131...0x318E: return true
        default: return false
        }
    }

    /// Whether the normaliser copies `scalar` as it is: NFKC with case folding leaves it alone, and it is
    /// neither whitespace nor a format or control character. Combining context is checked separately.
    static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        if let bits = tableBits(scalar) { return bits & plainBit != 0 }
        return computePlain(scalar)
    }

    /// Whether `scalar` combines with the one before it (canonical combining class other than 0).
    static func isCombining(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return false }
        if let bits = tableBits(scalar) { return bits & combiningBit != 0 }
        return scalar.properties.canonicalCombiningClass != .notReordered
    }

    /// Whether the normaliser drops `scalar`: a format or control character that is not whitespace.
    static func isRemoved(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            return (scalar.value < 0x20 && !(0x09...0x0D).contains(scalar.value)) || scalar.value == 0x7F
        }
        if isPlain(scalar) { return false }
        let properties = scalar.properties
        let category = properties.generalCategory
        return !properties.isWhitespace && (category == .format || category == .control)
    }

    private static func computeKept(_ scalar: Unicode.Scalar, plain: Bool) -> Bool {
        let properties = scalar.properties
        guard properties.canonicalCombiningClass == .notReordered else { return false }
        if plain { return true }
        guard properties.changesWhenCaseFolded, !properties.isWhitespace else { return false }
        let alone = String(Character(scalar))
        return alone.precomposedStringWithCompatibilityMapping.unicodeScalars.elementsEqual([scalar])
    }

    private static func computePlain(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        guard !properties.changesWhenNFKCCaseFolded, !properties.isWhitespace else { return false }
        let category = properties.generalCategory
        return category != .format && category != .control
    }
}

/// Decodes scalars from valid UTF-8 (a `String`'s bytes), one at a time, with one scalar of look-ahead.
struct UTF8ScalarReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// Where the next scalar starts; a caller that consumed ASCII bytes itself moves it on.
    var offset = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func next() -> Unicode.Scalar? {
        guard let (scalar, length) = decode(at: offset) else { return nil }
        offset += length
        return scalar
    }

    /// Whether a combining mark or a Hangul letter that composes with what precedes it comes next (and so belongs
    /// to the cluster of the scalar just read), possibly after characters the normaliser removes: "e", a zero-width
    /// space and U+0301 must still compose to "é", or the output would not be NFKC and would change when normalised
    /// again.
    func nextJoinsCluster() -> Bool {
        var position = offset
        while let (scalar, length) = decode(at: position) {
            if ScalarClass.isCombining(scalar) || ScalarClass.joinsHangulSyllable(scalar) { return true }
            guard ScalarClass.isRemoved(scalar) else { return false }
            position += length
        }
        return false
    }

    private func decode(at position: Int) -> (Unicode.Scalar, Int)? {
        guard position < bytes.count else { return nil }
        let lead = UInt32(bytes[position])
        let value: UInt32
        let length: Int
        switch lead {
        case 0..<0x80:
            return (Unicode.Scalar(UInt8(lead)), 1)
        case 0xC0..<0xE0:
            value = (lead & 0x1F) << 6 | UInt32(bytes[position + 1] & 0x3F)
            length = 2
        case 0xE0..<0xF0:
            value = (lead & 0x0F) << 12 | UInt32(bytes[position + 1] & 0x3F) << 6 | UInt32(bytes[position + 2] & 0x3F)
            length = 3
        default:
            value =
                (lead & 0x07) << 18 | UInt32(bytes[position + 1] & 0x3F) << 12
                | UInt32(bytes[position + 2] & 0x3F) << 6 | UInt32(bytes[position + 3] & 0x3F)
            length = 4
        }
        return (Unicode.Scalar(value)!, length)
    }
}
