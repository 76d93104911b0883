import CLibFuzzer
import Foundation
import Screening

/// Fuzzes the JSONL line decoder: any bytes give an item or a `LineError`, and either way the
/// verdict line written for it is one valid JSON object.
@main
enum FuzzItemDecoder {
    static func main() {
        exit(refusald_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv, fuzzItemDecoder))
    }
}

/// libFuzzer's entry point (also linked by name from libFuzzer's own `main`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzItemDecoder(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    DecoderInvariants(bytes: bytes).check()
    return 0
}

/// The properties every decoded line must have. A violation traps, which libFuzzer reports as a crash.
struct DecoderInvariants {
    static let file = "fuzz.jsonl"
    static let line = 7

    let bytes: UnsafeRawBufferPointer

    func check() {
        checkValidation()
        let verdict: Verdict
        do {
            let item = try ItemDecoder().decode(bytes, file: Self.file, line: Self.line)
            checkAccepted(item)
            verdict = Verdict(
                idJSON: item.idJSON,
                file: Self.file,
                line: Self.line,
                outcome: .pass,
                refused: false,
                findings: [],
                policy: "sha256:0",
                screenedAt: "2026-01-01T00:00:00Z",
                meta: item.meta
            )
        } catch {
            checkRejected(error)
            verdict = Verdict.error(error, file: Self.file, policy: "sha256:0", screenedAt: "2026-01-01T00:00:00Z")
        }
        checkVerdictLine(VerdictEncoder.encode(verdict), verdict: verdict)
        checkLengthLimit()
    }

    /// Our validator agrees with the standard library's on every input.
    private func checkValidation() {
        let ours = UTF8Validation.firstInvalidOffset(bytes)
        let standard = String(validating: bytes, as: UTF8.self)
        precondition(
            (ours == nil) == (standard != nil),
            "UTF8Validation says \(String(describing: ours)), the standard library disagrees"
        )
        if let ours {
            precondition(ours >= 0 && ours < bytes.count, "invalid UTF-8 offset \(ours) outside the line")
            precondition(
                String(validating: UnsafeRawBufferPointer(rebasing: bytes[..<ours]), as: UTF8.self) != nil,
                "the bytes before offset \(ours) are not valid UTF-8"
            )
        }
    }

    /// An accepted line is a JSON object to any JSON parser, and decoding added no replacement characters.
    private func checkAccepted(_ item: ScreeningItem) {
        precondition(JSONGrammar.isValid(bytes), "the decoder accepted a line that is not JSON")
        precondition(
            bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "{"),
            "the decoder accepted JSON that is not an object"
        )
        let input = String(decoding: bytes, as: UTF8.self)
        let inputHasReplacement = input.unicodeScalars.contains("\u{FFFD}") || input.lowercased().contains("\\ufffd")
        for text in [item.prompt, item.response, item.id] where text.unicodeScalars.contains("\u{FFFD}") {
            precondition(inputHasReplacement, "decoded text holds U+FFFD that the line does not: bytes were repaired")
        }
        for field in item.meta {
            precondition(
                JSONGrammar.isValid(field.json.utf8),
                "meta field `\(field.key)` carries invalid JSON: \(field.json)"
            )
        }
    }

    /// A rejected line names this line and, for JSON problems, a column inside it.
    private func checkRejected(_ error: LineError) {
        precondition(error.line == Self.line, "error names line \(error.line), not \(Self.line)")
        let message = error.message
        let codePoints = String(decoding: bytes, as: UTF8.self).unicodeScalars.count
        if let column = number(after: "invalid JSON at column ", in: message) {
            precondition(
                column >= 1 && column <= codePoints + 1,
                "column \(column) outside a line of \(codePoints) code points"
            )
            precondition(String(validating: bytes, as: UTF8.self) != nil, "a JSON error for a line that is not UTF-8")
        } else if let byte = number(after: "invalid UTF-8 at byte ", in: message) {
            precondition(
                byte == UTF8Validation.firstInvalidOffset(bytes).map { $0 + 1 },
                "invalid UTF-8 reported at byte \(byte)"
            )
        } else {
            precondition(
                String(validating: bytes, as: UTF8.self) != nil,
                "an error other than invalid UTF-8 for invalid UTF-8"
            )
            precondition(!message.isEmpty, "an empty error message")
        }
    }

    /// The verdict line is one line of JSON; where Foundation can read it (numbers within a `Double`'s
    /// range), its id is a string or a number and no field or meta key went missing.
    private func checkVerdictLine(_ line: String, verdict: Verdict) {
        precondition(line.hasSuffix("\n") && line.dropLast().firstIndex(of: "\n") == nil, "a verdict is not one line")
        precondition(JSONGrammar.isValid(line.utf8.dropLast()), "verdict line is not JSON: \(line)")
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8), options: [])
        guard let object = object as? [String: Any] else { return }
        precondition(
            object["id"] is String || object["id"] is NSNumber,
            "verdict id is neither a string nor a number: \(line)"
        )
        precondition(object["verdict"] as? String == verdict.outcome.rawValue, "verdict field lost: \(line)")
        let meta = object["meta"] as? [String: Any]
        precondition(meta?.count == Set(verdict.meta.map(\.key)).count, "meta keys lost or repeated: \(line)")
    }

    /// A decoder with a smaller limit rejects longer lines before looking at them.
    private func checkLengthLimit() {
        guard bytes.count > 16 else { return }
        do {
            _ = try ItemDecoder(maxLineBytes: 16).decode(bytes, file: Self.file, line: Self.line)
            preconditionFailure("a line of \(bytes.count) bytes passed a 16-byte limit")
        } catch {
            precondition(
                error.message.contains("longer than the maximum"),
                "wrong error for a long line: \(error.message)"
            )
        }
    }

    private func number(after prefix: String, in message: String) -> Int? {
        guard message.hasPrefix(prefix) else { return nil }
        return Int(message.dropFirst(prefix.count).prefix { $0.isASCII && $0.isNumber })
    }
}
