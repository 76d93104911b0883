/// A sixteen-byte test for text of ASCII and two-byte letters (Latin-1, Cyrillic), so that the normaliser's
/// fast path passes such text a block at a time instead of stopping at every "é" or "ж". Russian or Bulgarian
/// text is mostly two-byte letters; French or Spanish has one every few words, and each one ended the
/// ASCII-only block test.
///
/// Like ``TextNormaliser/isPlainBlock(_:next:)``, the tests use wrapping lane arithmetic and look only at the
/// high bit of each lane (lane comparisons compiled to loops). `next` is always the same sixteen bytes shifted
/// by one, so lane `k` of `next` is the byte after lane `k` of `block`, and the block starts at a character
/// boundary.
enum TwoByteBlock {
    /// The number of characters in the block when every one of them is a character the normaliser's fast path
    /// keeps as it is and counts: plain ASCII as ``TextNormaliser/isPlainBlock(_:next:)`` means it, or a
    /// two-byte letter whose lead byte is one of ``keptLeads``; `nil` otherwise. The bytes must be valid UTF-8
    /// (the decoder validated them) and the block must start a character, so a continuation byte always follows
    /// its lead; a lead in the last lane ends after the block (see ``length(of:)``).
    @inline(__always)
    static func keptCharacters(_ block: SIMD16<UInt8>, next: SIMD16<UInt8>) -> Int? {
        let ascii = ~block
        // ASCII below 0x20 or 0x7F: as in `isPlainBlock`, but only for ASCII lanes.
        let shifted = block &- 0x20
        let outside = ((shifted &+ 0x21) | shifted) & ascii
        let notSpace = block ^ 0x20
        let space = (notSpace &- 1) & ~notSpace
        let blankNext = (next &- 0x21) & ~next
        // U+00C0–U+00FF (lead C3), U+0400–U+047F (leads D0, D1).
        let leads = isZero(block ^ 0xC3) | isZero((block & 0xFE) ^ 0xD0)
        let continuations = isZero((block & 0xC0) ^ 0x80)
        let other = block & ~leads & ~continuations
        guard isClear(outside | (space & blankNext) | other) else { return nil }
        let counted = unsafeBitCast(continuations, to: (UInt64, UInt64).self)
        return 16 - counted.0.nonzeroBitCount - counted.1.nonzeroBitCount
    }

    /// How many bytes a block that passed the test covers: sixteen, or seventeen when its last byte is a
    /// lead whose continuation is the byte after the block.
    @inline(__always)
    static func length(of block: SIMD16<UInt8>) -> Int {
        block[15] >= 0xC0 ? 17 : 16
    }

    /// The lead bytes ``keptCharacters(_:next:)`` passes (it spells them as lane constants; its test reads this
    /// list): every one of the 64 characters each begins is one the fast path keeps (``ScalarClass/keptBit``), as
    /// ``leadsAreKept`` checks against the table.
    static let keptLeads: [UInt8] = [0xC3, 0xD0, 0xD1]

    /// Whether ``ScalarClass/table`` keeps every character of every lead in ``keptLeads``. Should a Unicode update
    /// change that, the fast path stops using ``keptCharacters(_:next:)`` rather than keep a character it must
    /// rewrite.
    static let leadsAreKept: Bool = keptLeads.allSatisfy { lead in
        (0..<64).allSatisfy { ScalarClass.table[Int(lead & 0x1F) << 6 | $0] & ScalarClass.keptBit != 0 }
    }

    /// 0x80 in lanes where `lanes` is zero, 0 elsewhere (exact: `x - 1` sets the high bit for zero and for
    /// 0x81 and up, `~x` keeps it only for up to 0x7F).
    @inline(__always)
    private static func isZero(_ lanes: SIMD16<UInt8>) -> SIMD16<UInt8> {
        (lanes &- 1) & ~lanes & 0x80
    }

    /// Whether no lane has its high bit set. (Lane-specific masks are avoided throughout: a constant with one
    /// non-zero lane made the compiler split the block into scalar code.)
    @inline(__always)
    private static func isClear(_ flags: SIMD16<UInt8>) -> Bool {
        let words = unsafeBitCast(flags & 0x80, to: (UInt64, UInt64).self)
        return words.0 | words.1 == 0
    }
}
