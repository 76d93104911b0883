import CLibFuzzer
import Foundation
import Screening

/// Fuzzes the normaliser and its span map: any text gives a normalised text whose spans map back
/// inside the original, in order, and which normalises to itself.
@main
enum FuzzTextNormaliser {
    static func main() {
        exit(refusald_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv, fuzzTextNormaliser))
    }
}

/// libFuzzer's entry point (also linked by name from libFuzzer's own `main`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTextNormaliser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    // Invalid bytes become U+FFFD here, as they would in any `String`; the decoder rejects them earlier.
    let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
    NormaliserInvariants(text: text).check()
    return 0
}

/// The properties the normaliser promises (TextNormaliser's and NormalisedText's documentation, and
/// docs/FORMATS.md: patterns run on NFKC text without format characters or whitespace runs, spans
/// are code points of the original). A violation traps, which libFuzzer reports as a crash.
struct NormaliserInvariants {
    let text: String
    let normaliser = TextNormaliser()

    func check() {
        let normalised = normaliser.normalise(text)
        let output = String(validating: normalised.bytes, as: UTF8.self)
        guard let output else { preconditionFailure("normalised bytes are not valid UTF-8") }
        precondition(
            normalised.originalLength == text.unicodeScalars.count,
            "originalLength \(normalised.originalLength) for \(text.unicodeScalars.count) code points"
        )
        checkFolding(output)
        checkSpans(normalised)
        checkIdentity(normalised)
        let again = normaliser.normalise(output)
        precondition(
            again.bytes == normalised.bytes,
            "normalising twice changes the text: \(debug(output)) -> \(debug(again.bytes))"
        )
        checkAppending(normalised)
    }

    /// No format or control characters except line feeds; whitespace is one space or one newline.
    private func checkFolding(_ output: String) {
        var previousWasSpace = false
        for scalar in output.unicodeScalars {
            let isSpace = scalar.properties.isWhitespace
            if isSpace {
                precondition(scalar == " " || scalar == "\n", "whitespace \(debug(scalar)) survived folding")
                precondition(!previousWasSpace, "a whitespace run survived folding in \(debug(output))")
            } else {
                let category = scalar.properties.generalCategory
                precondition(
                    category != .format && category != .control,
                    "\(debug(scalar)) (\(category)) survived normalisation"
                )
            }
            previousWasSpace = isSpace
        }
    }

    /// Every byte maps into the original, and the map never goes backwards.
    private func checkSpans(_ normalised: NormalisedText) {
        let count = normalised.bytes.count
        let length = normalised.originalLength
        var previous = (start: 0, end: 0)
        // Every byte of short texts; past 64 bytes a sample, since a span of a text without an origin map is
        // counted from the start (or the nearest checkpoint) and every byte would make each run quadratic.
        for index in stride(from: 0, to: count, by: max(1, count / 64)) {
            let span = normalised.originalSpan(start: index, end: index + 1)
            precondition(
                span.start >= 0 && span.start <= span.end && span.end <= length,
                "byte \(index) maps to \(span) outside 0..<\(length)"
            )
            precondition(
                span.start >= previous.start && span.end >= previous.end,
                "byte \(index) maps to \(span), before \(previous)"
            )
            if !normalised.isIdentity {
                precondition(span.end > span.start, "byte \(index) maps to the empty span \(span)")
            }
            previous = span
        }
        // Whole-text and empty spans, and a span over every scalar boundary pair.
        let whole = normalised.originalSpan(start: 0, end: count)
        precondition(
            whole.start >= 0 && whole.start <= whole.end && whole.end <= length,
            "the whole text maps to \(whole)"
        )
        let empty = normalised.originalSpan(start: count, end: count)
        precondition(empty.start <= empty.end && empty.end <= length, "the empty end span maps to \(empty)")
        var boundaries: [Int] = []
        var codePoints = 0
        while true {
            let offset = normalised.byteOffset(afterCodePoints: codePoints)
            precondition(
                offset >= (boundaries.last ?? 0) && offset <= count,
                "byteOffset(afterCodePoints: \(codePoints)) = \(offset)"
            )
            precondition(
                offset == count || normalised.bytes[offset] & 0xC0 != 0x80,
                "byte offset \(offset) splits a scalar"
            )
            boundaries.append(offset)
            if offset == count { break }
            codePoints += 1
        }
        for (first, second) in zip(boundaries, boundaries.dropFirst(2)) {
            let span = normalised.originalSpan(start: first, end: second)
            precondition(span.start <= span.end && span.end <= length, "bytes \(first)..<\(second) map to \(span)")
        }
    }

    /// The pass-through path only for text the general path would leave as it is.
    private func checkIdentity(_ normalised: NormalisedText) {
        guard normalised.isIdentity else { return }
        let expected = text.utf8.map { $0 == 0x09 ? 0x20 : $0 == 0x0D ? 0x0A : $0 }
        precondition(normalised.bytes == expected, "the identity path changed more than tabs and carriage returns")
    }

    /// Appending a letter must not disturb what came before. Appending a zero-width space, which the general
    /// path removes, forces that path: it must give the same text as whichever path `text` took.
    private func checkAppending(_ normalised: NormalisedText) {
        let extended = normaliser.normalise(text + "\u{E9}")
        precondition(
            extended.bytes == normalised.bytes + [0xC3, 0xA9],
            "appending é changed the text before it: \(debug(normalised.bytes)) vs \(debug(extended.bytes))"
        )
        let general = normaliser.normalise(text + "\u{200B}")
        precondition(!general.isIdentity, "a zero-width space took the identity path")
        precondition(
            general.bytes == normalised.bytes,
            "the fast path and the general path disagree: \(debug(normalised.bytes)) vs \(debug(general.bytes))"
        )
        // Non-empty spans from at most 16 starts (each mapping may count from the start of the text, and a
        // fuzz run must stay fast) map to the same code points on both paths.
        let count = normalised.bytes.count
        for start in stride(from: 0, to: count, by: max(1, count / 16)) {
            for end in Set([start + 1, start + 2, start + 8, count]) where end > start && end <= count {
                let fast = normalised.originalSpan(start: start, end: end)
                let full = general.originalSpan(start: start, end: end)
                precondition(
                    fast == full,
                    "bytes \(start)..<\(end) map to \(fast) on one path and \(full) on the other"
                )
            }
        }
    }

    private func debug(_ bytes: [UInt8]) -> String { debug(String(decoding: bytes, as: UTF8.self)) }

    private func debug(_ text: String) -> String {
        text.unicodeScalars.map { String($0.value, radix: 16, uppercase: true) }.joined(separator: " ")
    }

    private func debug(_ scalar: Unicode.Scalar) -> String { "U+" + String(scalar.value, radix: 16, uppercase: true) }
}
