import Foundation

/// Normalises text before matching so that simple evasions don't defeat the rules:
/// NFKC (full-width letters, ligatures, the Kelvin sign, …), format characters (Unicode Cf:
/// zero-width spaces and joiners, soft hyphens, BOM) and other controls removed, and runs of
/// whitespace folded to one space (one newline when the run holds a line break).
///
/// Text with nothing to fold (most text) is passed through without the per-character work.
public struct TextNormaliser: Sendable {
    /// Creates a normaliser.
    public init() {}

    /// Normalises `text`.
    public func normalise(_ text: String) -> NormalisedText {
        normalise(utf8: Array(text.utf8))
    }

    /// Normalises a text given as UTF-8, which must be valid: the decoder validates every input line once, and
    /// this is internal so that nothing else can hand it bytes that were not. Text the fast path keeps as it is
    /// becomes the normalised text without a copy.
    func normalise(utf8 bytes: [UInt8]) -> NormalisedText {
        let identity = bytes.withUnsafeBufferPointer { buffer in Self.identity(buffer, original: bytes) }
        return identity ?? bytes.withUnsafeBufferPointer { Self.slowPath($0) }
    }

    /// The fast path: every character is one normalisation keeps as it is (ASCII, or for example "é", "É",
    /// "ß", "’", an emoji), with no combining marks or controls. Then the normalised text is the original
    /// with only its ASCII whitespace folded: a run becomes one space (one line feed when it holds a line
    /// break), recorded as a ``NormalisedText/Fold`` instead of a per-byte origin map. Most text qualifies.
    private static func identity(_ buffer: UnsafeBufferPointer<UInt8>, original: [UInt8]) -> NormalisedText? {
        ScalarClass.table.withUnsafeBufferPointer { table in identity(buffer, original: original, table: table) }
    }

    /// ``identity(_:original:)`` with ``ScalarClass/table`` at hand: every letter from U+0080 to U+07FF (all of
    /// Latin-1, Greek and Cyrillic) is one lookup.
    private static func identity(
        _ buffer: UnsafeBufferPointer<UInt8>,
        original: [UInt8],
        table: UnsafeBufferPointer<UInt8>
    ) -> NormalisedText? {
        // One pass: check every character; from the first run that needs rewriting on, copy the text between runs
        // and write each run as its one character. Text with no such run is not copied at all.
        var bytes: [UInt8] = []
        var folds: [NormalisedText.Fold] = []
        var rewriting = false
        var removed = 0
        var copied = 0
        var codePoints = 0
        var isASCII = true
        var index = 0
        let base = UnsafeRawPointer(buffer.baseAddress)
        let twoByteLeadsAreKept = TwoByteBlock.leadsAreKept
        while index < buffer.count {
            // Sixteen plain characters at once while there are (see `isPlainBlock`), or sixteen bytes of them and
            // two-byte letters kept as they are (see `TwoByteBlock`); then eight at a time up to the first that
            // needs a look (see `plainPrefix`).
            if index + 17 <= buffer.count, let base {
                let block = base.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
                let next = base.loadUnaligned(fromByteOffset: index + 1, as: SIMD16<UInt8>.self)
                if Self.isPlainBlock(block, next: next) {
                    codePoints += 16
                    index += 16
                    continue
                }
                if twoByteLeadsAreKept, let characters = TwoByteBlock.keptCharacters(block, next: next) {
                    let length = TwoByteBlock.length(of: block)
                    isASCII = isASCII && characters == length
                    codePoints += characters
                    index += length
                    continue
                }
            }
            if index + 9 <= buffer.count, let base {
                let plain = Self.plainPrefix(
                    base.loadUnaligned(fromByteOffset: index, as: UInt64.self),
                    next: base.loadUnaligned(fromByteOffset: index + 1, as: UInt64.self)
                )
                codePoints += plain
                index += plain
                if plain == 8 { continue }
            }
            let byte = buffer[index]
            if byte > 0x20 && byte < 0x7F {
                codePoints += 1
                index += 1
            } else if byte >= 0xC2 && byte < 0xE0 && index + 1 < buffer.count {
                // Two bytes: U+0080–U+07FF, always in the table.
                let value = Int(byte & 0x1F) << 6 | Int(buffer[index + 1] & 0x3F)
                guard table[value] & ScalarClass.keptBit != 0 else { return nil }
                isASCII = false
                codePoints += 1
                index += 2
            } else if byte >= 0x80 {
                guard let (scalar, length) = decode(buffer, at: index), ScalarClass.isKept(scalar) else { return nil }
                isASCII = false
                codePoints += 1
                index += length
            } else if isFoldedSpace(byte) {
                var end = index + 1
                var newline = byte == 0x0A || byte == 0x0D
                while end < buffer.count, isFoldedSpace(buffer[end]) {
                    newline = newline || buffer[end] == 0x0A || buffer[end] == 0x0D
                    end += 1
                }
                // A lone space or line feed stays as it is; anything else is rewritten.
                if end - index > 1 || byte == 0x09 || byte == 0x0D {
                    if !rewriting {
                        rewriting = true
                        bytes.reserveCapacity(buffer.count)
                        folds.reserveCapacity(16)  // paragraphs: a handful of runs, grown once at most
                    }
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[copied..<index]))
                    bytes.append(newline ? 0x0A : 0x20)
                    if end - index > 1 {
                        removed += end - index - 1
                        folds.append(NormalisedText.Fold(byte: bytes.count - 1, removedThrough: removed))
                    }
                    copied = end
                }
                codePoints += end - index
                index = end
            } else {
                return nil  // a control character: the general path removes it
            }
        }
        guard rewriting else {
            return NormalisedText(bytes: original, folds: [], isASCII: isASCII, originalLength: codePoints)
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[copied...]))
        return NormalisedText(bytes: bytes, folds: folds, isASCII: isASCII, originalLength: codePoints)
    }

    /// How many of the eight bytes of `word` (little-endian) are plain, counting from the first: printable
    /// ASCII, or a space not followed by whitespace or a control character (`next` is the same eight bytes
    /// shifted by one, so its byte `k` follows `word`'s byte `k`). The fast path has nothing to do for those
    /// but count them.
    ///
    /// Each test is one of the "Bit Twiddling Hacks" byte tests: it never misses a byte it looks for, but a borrow
    /// may flag more bytes above one it found. So the count never passes a byte that needs a look; it may stop
    /// early (a space before "!" after another space-like byte), which costs a detour through the byte-by-byte
    /// path, never a wrong result.
    static func plainPrefix(_ word: UInt64, next: UInt64) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let nonASCII = word & highs
        let controls = (word &- 0x20 &* ones) & ~word & highs
        let deleteBytes = word ^ (0x7F &* ones)
        let deletes = (deleteBytes &- ones) & ~deleteBytes & highs
        // Spaces, exactly (no false flags): a space followed by a byte up to 0x20 starts a run to fold.
        let spaceBytes = word ^ (0x20 &* ones)
        let spaces = ~(((spaceBytes & ~highs) &+ ~highs) | spaceBytes) & highs
        let followedByBlank = (next &- 0x21 &* ones) & ~next & highs
        let flagged = nonASCII | controls | deletes | (spaces & followedByBlank)
        return flagged.trailingZeroBitCount / 8
    }

    /// Whether all sixteen bytes of `block` are plain as ``plainPrefix(_:next:)`` means it: printable ASCII, or a
    /// space not followed by whitespace or a control character (`next` is the same sixteen bytes shifted by one).
    /// Exact, unlike the eight-byte test: the lanes have no borrows between them. Written with wrapping lane
    /// arithmetic and one test of the high bits, because comparisons to `SIMDMask` and `any` compiled to a loop
    /// over the lanes (the scan took 3.5 times as long).
    @inline(__always)
    static func isPlainBlock(_ block: SIMD16<UInt8>, next: SIMD16<UInt8>) -> Bool {
        // Below 0x20 or from 0x7F on: `block - 0x20` is at least 0x5F, so it or that plus 0x21 has its high bit.
        let shifted = block &- 0x20
        let outside = (shifted &+ 0x21) | shifted
        // A space (`block ^ 0x20` is zero: minus one sets the high bit, the complement keeps it) before a byte up
        // to 0x20 (`next - 0x21` wraps to 0xDF or more, and `next` itself is below 0x80).
        let notSpace = block ^ 0x20
        let space = (notSpace &- 1) & ~notSpace
        let blankNext = (next &- 0x21) & ~next
        let flags = (outside | (space & blankNext)) & 0x80
        let words = unsafeBitCast(flags, to: (UInt64, UInt64).self)
        return words.0 | words.1 == 0
    }

    /// The whitespace the fast path folds itself (vertical tab and form feed go the general way).
    private static func isFoldedSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    /// The scalar starting at `index` of valid UTF-8 and its length in bytes.
    private static func decode(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int)? {
        let lead = UInt32(buffer[index])
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard index + length <= buffer.count else { return nil }
        var value = lead & (0x7F >> UInt32(length))
        for offset in 1..<length {
            value = value << 6 | UInt32(buffer[index + offset] & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    /// `normalise` without the identity shortcut, so tests can check that both give the same result.
    func normaliseInFull(_ text: String) -> NormalisedText {
        var text = text
        return text.withUTF8 { Self.slowPath($0) }
    }

    private static func slowPath(_ buffer: UnsafeBufferPointer<UInt8>) -> NormalisedText {
        var builder = Builder(capacity: buffer.count)
        var reader = UTF8ScalarReader(buffer)
        var scalarIndex = 0
        while reader.offset < buffer.count {
            // ASCII followed by printable ASCII or whitespace (not by a removed control character, which
            // a combining mark may follow): no decoding, no cluster.
            let byte = buffer[reader.offset]
            if byte < 0x80 && (reader.offset + 1 == buffer.count || Self.endsCluster(buffer[reader.offset + 1])) {
                builder.appendASCII(byte, from: scalarIndex, to: scalarIndex + 1)
                reader.offset += 1
                scalarIndex += 1
                continue
            }
            let scalar = reader.next()!
            // A cluster is a scalar plus the combining marks (and Hangul letters) that follow it: NFKC may compose
            // them.
            guard reader.nextJoinsCluster() else {
                // A kept character ("É", a Cyrillic capital) is in NFKC already: no Foundation call for it.
                if scalar.value < 0x80 || ScalarClass.isPlain(scalar) || ScalarClass.isKept(scalar) {
                    builder.appendStable(scalar, from: scalarIndex, to: scalarIndex + 1)
                } else {
                    builder.appendScalar(scalar, from: scalarIndex, to: scalarIndex + 1)
                }
                scalarIndex += 1
                continue
            }
            var cluster = String.UnicodeScalarView([scalar])
            var end = scalarIndex + 1
            var hasMark = false
            repeat {
                // Characters the builder would drop anyway stay out, so they cannot split the cluster.
                let next = reader.next()!
                if !ScalarClass.isRemoved(next) { cluster.append(next) }
                hasMark = hasMark || ScalarClass.isCombining(next)
                end += 1
            } while reader.nextJoinsCluster()
            // Without combining marks the cluster joins only Hangul letters, which Foundation composes wrongly.
            let normalised =
                hasMark
                ? Array(Self.compatibilityComposed(String(cluster)).unicodeScalars)
                : HangulComposition.composed(cluster)
            for scalar in normalised {
                builder.appendStable(scalar, from: scalarIndex, to: end)
            }
            scalarIndex = end
        }
        return builder.finish(originalLength: scalarIndex)
    }

    /// Whether an ASCII byte can never be part of the cluster of the character before it.
    private static func endsCluster(_ byte: UInt8) -> Bool {
        (0x20..<0x7F).contains(byte) || (0x09...0x0D).contains(byte)
    }

    /// NFKC of a cluster. swift-foundation's NFKC (toolchain 6.3.1) leaves the marks unordered and
    /// uncomposed when a compatibility character decomposes next to them ("ǅ" + U+0323 gives "Dž" +
    /// U+0323, not "Dẓ̌"); a second pass, taken only when the first changed something, finishes the job.
    private static func compatibilityComposed(_ cluster: String) -> String {
        let once = cluster.precomposedStringWithCompatibilityMapping
        guard !once.unicodeScalars.elementsEqual(cluster.unicodeScalars) else { return once }
        return once.precomposedStringWithCompatibilityMapping
    }

    /// Accumulates normalised bytes and their origins in buffers it owns (an `Array` append per byte, three
    /// times over, cost more than the rest of normalisation).
    private struct Builder: ~Copyable {
        private var bytes: UnsafeMutablePointer<UInt8>
        private var starts: UnsafeMutablePointer<Int32>
        private var ends: UnsafeMutablePointer<Int32>
        private var count = 0
        private var capacity: Int
        /// Pending whitespace run: its origin and whether it held a line break.
        var pendingSpace: (start: Int, end: Int, newline: Bool)?

        init(capacity: Int) {
            self.capacity = max(capacity, 16)
            bytes = .allocate(capacity: self.capacity)
            starts = .allocate(capacity: self.capacity)
            ends = .allocate(capacity: self.capacity)
        }

        deinit {
            bytes.deallocate()
            starts.deallocate()
            ends.deallocate()
        }

        private mutating func append(_ byte: UInt8, start: Int, end: Int) {
            if count == capacity { grow() }
            bytes[count] = byte
            starts[count] = Int32(truncatingIfNeeded: start)
            ends[count] = Int32(truncatingIfNeeded: end)
            count += 1
        }

        private mutating func grow() {
            let larger = capacity * 2
            func moved<T>(_ old: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
                let new = UnsafeMutablePointer<T>.allocate(capacity: larger)
                new.moveInitialize(from: old, count: count)
                old.deallocate()
                return new
            }
            bytes = moved(bytes)
            starts = moved(starts)
            ends = moved(ends)
            capacity = larger
        }

        mutating func appendScalar(_ scalar: Unicode.Scalar, from start: Int, to end: Int) {
            if isStable(scalar) {
                appendStable(scalar, from: start, to: end)
                return
            }
            for normalised in String(Character(scalar)).precomposedStringWithCompatibilityMapping.unicodeScalars {
                appendStable(normalised, from: start, to: end)
            }
        }

        /// Appends a scalar that is already in NFKC form, applying the removal and folding rules.
        mutating func appendStable(_ scalar: Unicode.Scalar, from start: Int, to end: Int) {
            if scalar.isASCII {
                appendASCII(UInt8(scalar.value), from: start, to: end)
                return
            }
            if ScalarClass.isPlain(scalar) {
                appendEncoded(scalar, from: start, to: end)
                return
            }
            if scalar.properties.isWhitespace {
                let newline =
                    scalar == "\n" || scalar == "\r" || scalar.value == 0x2028 || scalar.value == 0x2029
                    || scalar.value == 0x85
                if let pending = pendingSpace {
                    pendingSpace = (pending.start, end, pending.newline || newline)
                } else {
                    pendingSpace = (start, end, newline)
                }
                return
            }
            let category = scalar.properties.generalCategory
            if category == .format || category == .control { return }
            appendEncoded(scalar, from: start, to: end)
        }

        private mutating func appendEncoded(_ scalar: Unicode.Scalar, from start: Int, to end: Int) {
            flushSpace()
            UTF8.encode(scalar) { byte in append(byte, start: start, end: end) }
        }

        /// The same rules for one ASCII character, without Unicode property lookups.
        mutating func appendASCII(_ byte: UInt8, from start: Int, to end: Int) {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D:
                let newline = byte == 0x0A || byte == 0x0D
                if let pending = pendingSpace {
                    pendingSpace = (pending.start, end, pending.newline || newline)
                } else {
                    pendingSpace = (start, end, newline)
                }
            case 0x00..<0x20, 0x7F:
                return
            default:
                if pendingSpace != nil { flushSpace() }
                append(byte, start: start, end: end)
            }
        }

        mutating func flushSpace() {
            guard let pending = pendingSpace else { return }
            pendingSpace = nil
            append(pending.newline ? 0x0A : 0x20, start: pending.start, end: pending.end)
        }

        consuming func finish(originalLength: Int) -> NormalisedText {
            flushSpace()
            return NormalisedText(
                bytes: Array(UnsafeBufferPointer(start: bytes, count: count)),
                originStart: Array(UnsafeBufferPointer(start: starts, count: count)),
                originEnd: Array(UnsafeBufferPointer(start: ends, count: count)),
                originalLength: originalLength
            )
        }

        /// Scalars that NFKC with case folding leaves alone need no Foundation call; the rest
        /// (upper-case letters included, which is rare enough) go through NFKC.
        private func isStable(_ scalar: Unicode.Scalar) -> Bool {
            !scalar.properties.changesWhenNFKCCaseFolded
        }
    }
}
