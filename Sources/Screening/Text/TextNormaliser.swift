import Foundation

/// Normalises text before matching so that simple evasions don't defeat the rules:
/// NFKC (full-width letters, ligatures, the Kelvin sign, …), format characters (Unicode Cf:
/// zero-width spaces and joiners, soft hyphens, BOM) and other controls removed, and runs of
/// whitespace folded to one space (one newline when the run holds a line break).
///
/// Pure ASCII text with nothing to fold is passed through without copying work.
public struct TextNormaliser: Sendable {
    /// Creates a normaliser.
    public init() {}

    /// Normalises `text`.
    public func normalise(_ text: String) -> NormalisedText {
        var copy = text
        let identity = copy.withUTF8 { buffer in Self.asciiIdentity(buffer) }
        return identity ?? Self.slowPath(text)
    }

    /// The fast path: pure ASCII, no controls other than single whitespace characters.
    /// A tab becomes a space and a carriage return a line feed (as the general path folds them),
    /// one for one, so offsets don't move.
    private static func asciiIdentity(_ buffer: UnsafeBufferPointer<UInt8>) -> NormalisedText? {
        var previousWasSpace = false
        var needsCopy = false
        for byte in buffer {
            if byte >= 0x80 { return nil }
            let isSpace = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
            if isSpace {
                if previousWasSpace { return nil }
                if byte != 0x20 && byte != 0x0A { needsCopy = true }
            } else if byte < 0x20 || byte == 0x7F {
                return nil
            }
            previousWasSpace = isSpace
        }
        var bytes = Array(buffer)
        if needsCopy {
            for index in bytes.indices where bytes[index] == 0x09 || bytes[index] == 0x0D {
                bytes[index] = bytes[index] == 0x09 ? 0x20 : 0x0A
            }
        }
        return NormalisedText(bytes: bytes, originStart: nil, originEnd: nil, originalLength: buffer.count)
    }

    private static func slowPath(_ text: String) -> NormalisedText {
        var text = text
        return text.withUTF8 { buffer in
            var builder = Builder(capacity: buffer.count)
            var reader = UTF8ScalarReader(buffer)
            var scalarIndex = 0
            while let scalar = reader.next() {
                // A cluster is a scalar plus the combining marks that follow it: NFKC may compose them.
                guard reader.nextStartsCombiningMark() else {
                    if scalar.value < 0x80 || ScalarClass.isPlain(scalar) {
                        builder.appendStable(scalar, from: scalarIndex, to: scalarIndex + 1)
                    } else {
                        builder.appendScalar(scalar, from: scalarIndex, to: scalarIndex + 1)
                    }
                    scalarIndex += 1
                    continue
                }
                var cluster = String.UnicodeScalarView([scalar])
                var end = scalarIndex + 1
                repeat {
                    // Characters the builder would drop anyway stay out, so they cannot split the cluster.
                    let next = reader.next()!
                    if !ScalarClass.isRemoved(next) { cluster.append(next) }
                    end += 1
                } while reader.nextStartsCombiningMark()
                for normalised in String(cluster).precomposedStringWithCompatibilityMapping.unicodeScalars {
                    builder.appendStable(normalised, from: scalarIndex, to: end)
                }
                scalarIndex = end
            }
            return builder.finish(originalLength: scalarIndex)
        }
    }

    /// Accumulates normalised bytes and their origins.
    private struct Builder {
        var bytes: [UInt8] = []
        var starts: [Int32] = []
        var ends: [Int32] = []
        /// Pending whitespace run: its origin and whether it held a line break.
        var pendingSpace: (start: Int, end: Int, newline: Bool)?

        init(capacity: Int) {
            bytes.reserveCapacity(capacity)
            starts.reserveCapacity(capacity)
            ends.reserveCapacity(capacity)
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
                let newline = scalar == "\n" || scalar == "\r" || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0x85
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
            UTF8.encode(scalar) { byte in
                bytes.append(byte)
                starts.append(Int32(start))
                ends.append(Int32(end))
            }
        }

        /// The same rules for one ASCII character, without Unicode property lookups.
        private mutating func appendASCII(_ byte: UInt8, from start: Int, to end: Int) {
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
                flushSpace()
                bytes.append(byte)
                starts.append(Int32(start))
                ends.append(Int32(end))
            }
        }

        mutating func flushSpace() {
            guard let pending = pendingSpace else { return }
            pendingSpace = nil
            bytes.append(pending.newline ? 0x0A : 0x20)
            starts.append(Int32(pending.start))
            ends.append(Int32(pending.end))
        }

        mutating func finish(originalLength: Int) -> NormalisedText {
            flushSpace()
            return NormalisedText(bytes: bytes, originStart: starts, originEnd: ends, originalLength: originalLength)
        }

        /// Scalars that NFKC with case folding leaves alone need no Foundation call; the rest
        /// (upper-case letters included, which is rare enough) go through NFKC.
        private func isStable(_ scalar: Unicode.Scalar) -> Bool {
            !scalar.properties.changesWhenNFKCCaseFolded
        }
    }
}
