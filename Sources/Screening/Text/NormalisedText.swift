/// A text after normalisation, with a map back to code points of the ORIGINAL text so that
/// spans found in the normalised form are reported where a person sees them.
public struct NormalisedText: Sendable {
    /// The normalised text as UTF-8 bytes; patterns run on these.
    public let bytes: [UInt8]
    /// For each normalised byte, the original code point it came from; `nil` when the
    /// normalised text is byte-for-byte the original text (then code points are counted in `bytes`).
    let originStart: [Int32]?
    /// For each normalised byte, the original code point offset just after its source.
    let originEnd: [Int32]?
    /// Number of code points in the original text.
    public let originalLength: Int

    /// Whether `bytes` is ASCII, so a byte offset is a code point offset.
    private let isASCII: Bool

    init(bytes: [UInt8], originStart: [Int32]?, originEnd: [Int32]?, originalLength: Int) {
        self.bytes = bytes
        self.originStart = originStart
        self.originEnd = originEnd
        self.originalLength = originalLength
        self.isASCII = originStart != nil || bytes.count == originalLength
    }

    /// Whether normalisation changed nothing: the bytes are the original text's.
    public var isIdentity: Bool { originStart == nil }

    /// Maps a byte span of the normalised text to `[start, end)` code points of the original.
    public func originalSpan(start: Int, end: Int) -> (start: Int, end: Int) {
        guard let originStart, let originEnd else {
            if isASCII { return (start, end) }
            let from = codePoints(before: start)
            return (from, max(from, end > start ? codePoints(before: end) : from))
        }
        if bytes.isEmpty { return (0, 0) }
        let from = start < originStart.count ? Int(originStart[start]) : originalLength
        let to = end > start ? Int(originEnd[end - 1]) : from
        return (from, max(from, to))
    }

    /// How many code points start before byte `offset` (all of them past the end).
    private func codePoints(before offset: Int) -> Int {
        var count = 0
        for byte in bytes[..<min(offset, bytes.count)] where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// The byte offset at which the first `codePoints` code points of the normalised text end.
    public func byteOffset(afterCodePoints codePoints: Int) -> Int {
        var seen = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] & 0xC0 != 0x80 {
                if seen == codePoints { return index }
                seen += 1
            }
            index += 1
        }
        return bytes.count
    }
}
