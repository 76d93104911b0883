/// A half-open range `[start, end)` of UTF-8 byte offsets in a subject.
public struct ByteSpan: Sendable, Equatable, Hashable {
    /// Offset of the first byte of the match.
    public var start: Int
    /// Offset one past the last byte of the match.
    public var end: Int

    /// Creates a span.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Whether this span and `other` share at least one byte (or both are the same empty point).
    public func overlaps(_ other: ByteSpan) -> Bool {
        if start == end || other.start == other.end {
            return start >= other.start && start <= other.end || other.start >= start && other.start <= end
        }
        return start < other.end && other.start < end
    }

    /// Converts to code-point offsets, counting UTF-8 lead bytes in `subject` before each end.
    public func codePointSpan(in subject: UnsafeRawBufferPointer) -> (start: Int, end: Int) {
        let startPoint = UTF8Offsets.codePoints(in: subject, upTo: start)
        let endPoint =
            startPoint
            + UTF8Offsets.codePoints(in: UnsafeRawBufferPointer(rebasing: subject[start..<end]), upTo: end - start)
        return (startPoint, endPoint)
    }
}

/// Helpers for moving between UTF-8 byte offsets and code-point offsets.
public enum UTF8Offsets {
    /// Number of code points in the first `byteCount` bytes of valid UTF-8 `bytes`.
    public static func codePoints(in bytes: UnsafeRawBufferPointer, upTo byteCount: Int) -> Int {
        var count = 0
        for index in 0..<byteCount where bytes[index] & 0xC0 != 0x80 {
            count += 1
        }
        return count
    }

    /// The byte offset of the code point that follows the one starting at `offset`.
    public static func nextCodePoint(in bytes: UnsafeRawBufferPointer, after offset: Int) -> Int {
        var next = offset + 1
        while next < bytes.count && bytes[next] & 0xC0 == 0x80 {
            next += 1
        }
        return next
    }
}
