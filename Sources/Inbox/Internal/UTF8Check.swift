/// A strict UTF-8 validator (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF)
/// that tells a sequence cut by the end of the buffer apart from a wrong one.
enum UTF8Check {
    /// The verdict on a buffer.
    enum Result: Equatable {
        /// Every byte belongs to a complete, valid sequence.
        case valid
        /// Valid up to a sequence that starts at `offset` and is cut by the end of the buffer.
        case truncated(offset: Int)
        /// The sequence starting at `offset` is not UTF-8.
        case invalid(offset: Int)
    }

    /// Validates `bytes`; offsets are relative to `bytes.startIndex`.
    static func validate(_ bytes: ArraySlice<UInt8>) -> Result {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // The valid range of the second byte depends on the lead byte (Unicode table 3-7).
            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                secondRange = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                secondRange = 0x80...0x9F
            case 0xF0:
                length = 4
                secondRange = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                secondRange = 0x80...0x8F
            default: return .invalid(offset: index - bytes.startIndex)
            }
            for position in 1..<length {
                let at = index + position
                guard at < bytes.endIndex else {
                    return .truncated(offset: index - bytes.startIndex)
                }
                let range = position == 1 ? secondRange : 0x80...0xBF
                guard range.contains(bytes[at]) else {
                    return .invalid(offset: index - bytes.startIndex)
                }
            }
            index += length
        }
        return .valid
    }
}
