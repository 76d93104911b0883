/// A text after normalisation, with a map back to code points of the ORIGINAL text so that
/// spans found in the normalised form are reported where a person sees them.
public struct NormalisedText: Sendable {
    /// The normalised text as UTF-8 bytes; patterns run on these.
    public let bytes: [UInt8]
    /// For each normalised byte, the original code point it came from; `nil` when the normalised text is the
    /// original with at most its whitespace runs folded (then code points are counted in `bytes`, plus `folds`).
    let originStart: [Int32]?
    /// For each normalised byte, the original code point offset just after its source.
    let originEnd: [Int32]?
    /// Number of code points in the original text.
    public let originalLength: Int

    /// Without an origin map: the whitespace runs folded to one character, in text order.
    let folds: [Fold]
    /// Without an origin map: whether `bytes` is ASCII, so a byte offset counts code points.
    private let isASCII: Bool
    /// Without an origin map, not ASCII and longer than ``checkpointsFrom``: entry `k` counts the scalars that
    /// start in the first `k * checkpointBytes` bytes, so mapping a span never counts more than one block (a
    /// 16 MB text with thousands of hits must not cost a pass over the text per hit). Shorter texts, nearly
    /// all of them, are counted from the start, which costs less than building checkpoints nobody reads.
    private let scalarCheckpoints: [Int32]
    private static let checkpointBytes = 64
    private static let checkpointsFrom = 4096

    /// A run of whitespace the normaliser folded to one character.
    struct Fold {
        /// The offset of the one character in the normalised bytes.
        var byte: Int
        /// How many original code points this run and the runs before it dropped.
        var removedThrough: Int
    }

    /// A text with a per-byte map to the original's code points.
    init(bytes: [UInt8], originStart: [Int32], originEnd: [Int32], originalLength: Int) {
        self.bytes = bytes
        self.originStart = originStart
        self.originEnd = originEnd
        self.originalLength = originalLength
        self.folds = []
        self.isASCII = false
        self.scalarCheckpoints = []
    }

    /// A text that is the original with at most its whitespace runs folded.
    init(bytes: [UInt8], folds: [Fold], isASCII: Bool, originalLength: Int) {
        self.bytes = bytes
        self.originStart = nil
        self.originEnd = nil
        self.originalLength = originalLength
        self.folds = folds
        self.isASCII = isASCII
        var checkpoints: [Int32] = []
        if !isASCII && bytes.count > Self.checkpointsFrom {
            checkpoints.reserveCapacity(bytes.count / Self.checkpointBytes + 1)
            bytes.withUnsafeBytes { raw in
                var scalars: Int32 = 0
                for blockStart in stride(from: 0, to: raw.count, by: Self.checkpointBytes) {
                    checkpoints.append(scalars)
                    scalars += Int32(
                        Self.scalarStarts(
                            UnsafeRawBufferPointer(rebasing: raw[blockStart...].prefix(Self.checkpointBytes))
                        )
                    )
                }
            }
        }
        self.scalarCheckpoints = checkpoints
    }

    /// How many scalars start in `bytes` (bytes that are not UTF-8 continuation bytes), eight bytes at a time.
    static func scalarStarts(_ bytes: UnsafeRawBufferPointer) -> Int {
        var count = 0
        var index = 0
        while index + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // A continuation byte is 0b10xxxxxx: its top bit set and the next one clear.
            let continuations = word & ~(word << 1) & 0x8080_8080_8080_8080
            count += 8 - continuations.nonzeroBitCount
            index += 8
        }
        for byte in bytes[index...] where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// Whether normalisation changed nothing (a tab or carriage return aside, replaced one for one).
    public var isIdentity: Bool { originStart == nil && folds.isEmpty }

    /// Maps a byte span of the normalised text to `[start, end)` code points of the original.
    public func originalSpan(start: Int, end: Int) -> (start: Int, end: Int) {
        guard let originStart, let originEnd else {
            if isASCII && folds.isEmpty { return (start, end) }
            // A span starting inside a scalar starts at that scalar, as with the origin map.
            let inside = start < bytes.count && bytes[start] & 0xC0 == 0x80
            let from = codePoints(before: start) - (inside ? 1 : 0)
            return (from, max(from, end > start ? codePoints(before: end) : from))
        }
        if bytes.isEmpty { return (0, 0) }
        let from = start < originStart.count ? Int(originStart[start]) : originalLength
        let to = end > start ? Int(originEnd[end - 1]) : from
        return (from, max(from, to))
    }

    /// How many original code points come before normalised byte `offset` (all of them past the end), for a
    /// text without an origin map: scalars counted from the nearest checkpoint, plus the code points folded
    /// away by the whitespace runs before `offset` (binary search).
    private func codePoints(before offset: Int) -> Int {
        let clamped = min(offset, bytes.count)
        var count = clamped
        if !isASCII {
            // At the very end of a text whose length is a multiple of the block size there is no checkpoint.
            let block = min(clamped / Self.checkpointBytes, max(0, scalarCheckpoints.count - 1))
            count = scalarCheckpoints.isEmpty ? 0 : Int(scalarCheckpoints[block])
            for byte in bytes[min(block * Self.checkpointBytes, clamped)..<clamped] where byte & 0xC0 != 0x80 {
                count += 1
            }
        }
        // The last fold before `clamped` tells how many code points the runs up to it removed.
        var (low, high) = (0, folds.count)
        while low < high {
            let middle = (low + high) / 2
            if folds[middle].byte < clamped { low = middle + 1 } else { high = middle }
        }
        return count + (low > 0 ? folds[low - 1].removedThrough : 0)
    }

    /// The byte offset at which the first `codePoints` code points of the normalised text end.
    public func byteOffset(afterCodePoints codePoints: Int) -> Int {
        // Every code point takes at least one byte: a text this short ends first. In ASCII, bytes are code points.
        if bytes.count <= codePoints { return bytes.count }
        if isASCII { return codePoints }
        return bytes.withUnsafeBufferPointer { bytes in
            var seen = 0
            var index = 0
            while index < bytes.count {
                // Eight bytes at a time while they cannot reach the count (they start at most eight scalars).
                if seen + 8 <= codePoints, index + 8 <= bytes.count {
                    seen += Self.scalarStarts(
                        UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[index..<index + 8])
                    )
                    index += 8
                    continue
                }
                if bytes[index] & 0xC0 != 0x80 {
                    if seen == codePoints { return index }
                    seen += 1
                }
                index += 1
            }
            return bytes.count
        }
    }
}
