import PCRE2

/// Finds the sentence around a match in normalised text: from just after the previous
/// sentence end (`.`, `!`, `?`, `;`, `:`, `。`, a line break) to the next one.
enum SentenceBounds {
    static func sentence(around span: ByteSpan, in subject: UnsafeRawBufferPointer) -> Range<Int> {
        var start = span.start
        while start > 0 && !isTerminator(subject[start - 1]) {
            start -= 1
        }
        while start < span.start && (subject[start] == 0x20 || subject[start] == 0x0A) {
            start += 1
        }
        var end = span.end
        while end < subject.count && !isTerminator(subject[end]) {
            end += 1
        }
        if end < subject.count { end += 1 }
        return start..<max(start, end)
    }

    private static func isTerminator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ";"), UInt8(ascii: ":"), 0x0A:
            return true
        default: return false
        }
    }
}
