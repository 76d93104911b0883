/// A text after normalisation, with a map back to code points of the ORIGINAL text so that
/// spans found in the normalised form are reported where a person sees them.
public struct NormalisedText: Sendable {
    /// The normalised text as UTF-8 bytes; patterns run on these.
    public let bytes: [UInt8]
    /// For each normalised byte, the original code point it came from; `nil` when the
    /// normalised text is byte-for-byte the original ASCII text (then byte offset == code point).
    let originStart: [Int32]?
    /// For each normalised byte, the original code point offset just after its source.
    let originEnd: [Int32]?
    /// Number of code points in the original text.
    public let originalLength: Int

    init(bytes: [UInt8], originStart: [Int32]?, originEnd: [Int32]?, originalLength: Int) {
        self.bytes = bytes
        self.originStart = originStart
        self.originEnd = originEnd
        self.originalLength = originalLength
    }

    /// Whether normalisation changed nothing (pure ASCII text with nothing to fold).
    public var isIdentity: Bool { originStart == nil }

    /// Maps a byte span of the normalised text to `[start, end)` code points of the original.
    public func originalSpan(start: Int, end: Int) -> (start: Int, end: Int) {
        guard let originStart, let originEnd else { return (start, end) }
        if bytes.isEmpty { return (0, 0) }
        let from = start < originStart.count ? Int(originStart[start]) : originalLength
        let to = end > start ? Int(originEnd[end - 1]) : from
        return (from, max(from, to))
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
