import Policy

/// Writes verdicts as JSON lines in the documented field order.
public enum VerdictEncoder {
    /// Appends `verdict` and a newline to `output`.
    public static func append(_ verdict: Verdict, to output: inout [UInt8]) {
        JSONText.append("{\"id\":", to: &output)
        output.append(contentsOf: verdict.idJSON.utf8)
        appendSource(verdict.file, to: &output)
        JSONText.append(verdict.line, to: &output)
        appendOutcome(verdict.outcome, refused: verdict.refused, to: &output)
        for (index, finding) in verdict.findings.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            append(finding, to: &output)
        }
        appendClosing(error: verdict.error, policy: verdict.policy, screenedAt: verdict.screenedAt, to: &output)
        appendMeta(verdict.meta, to: &output)
    }

    /// The bytes of a clean verdict that do not depend on the item, for items of one file screened at one time with
    /// one policy set: quoted once, then copied for each item by
    /// ``VerdictEncoder/appendClean(idJSON:meta:line:parts:to:)``.
    public struct CleanParts: Sendable {
        /// From after the id to the line number.
        fileprivate let afterID: [UInt8]
        /// From after the line number to the meta fields.
        fileprivate let afterLine: [UInt8]

        /// The parts for verdicts of items from `file`, screened at `screenedAt` with policy digest `policy`.
        public init(file: String, policy: String, screenedAt: String) {
            var afterID: [UInt8] = []
            VerdictEncoder.appendSource(file, to: &afterID)
            var afterLine: [UInt8] = []
            VerdictEncoder.appendOutcome(.pass, refused: false, to: &afterLine)
            VerdictEncoder.appendClosing(error: nil, policy: policy, screenedAt: screenedAt, to: &afterLine)
            self.afterID = afterID
            self.afterLine = afterLine
        }
    }

    /// Appends the verdict of a ``ScreeningOutcome/clean`` item and a newline to `output`: the same bytes as
    /// appending ``Verdict/clean(_:file:line:policy:screenedAt:)``, without building it.
    ///
    /// It takes the only two fields of the item it needs rather than the item: passing an item read from an
    /// array copied it (retained and released its five references) on the way in.
    /// - Parameters:
    ///   - idJSON: The item's ``ScreeningItem/idJSON``.
    ///   - meta: The item's ``ScreeningItem/meta``.
    ///   - line: Its 1-based line.
    ///   - parts: The rest of the verdict, made for the item's file, timestamp and policy.
    public static func appendClean(
        idJSON: String,
        meta: [(key: String, json: String)],
        line: Int,
        parts: CleanParts,
        to output: inout [UInt8]
    ) {
        JSONText.append("{\"id\":", to: &output)
        output.append(contentsOf: idJSON.utf8)
        output.append(contentsOf: parts.afterID)
        JSONText.append(line, to: &output)
        output.append(contentsOf: parts.afterLine)
        appendMeta(meta, to: &output)
    }

    /// From after the id to the line number.
    private static func appendSource(_ file: String, to output: inout [UInt8]) {
        JSONText.append(",\"source\":{\"file\":", to: &output)
        JSONText.appendQuoted(file, to: &output)
        JSONText.append(",\"line\":", to: &output)
    }

    /// From after the line number to the `[` that opens the findings.
    private static func appendOutcome(_ outcome: Verdict.Outcome, refused: Bool, to output: inout [UInt8]) {
        JSONText.append("},\"verdict\":\"", to: &output)
        output.append(contentsOf: outcome.rawValue.utf8)
        JSONText.append("\",\"refused\":", to: &output)
        if refused { JSONText.append("true", to: &output) } else { JSONText.append("false", to: &output) }
        JSONText.append(",\"findings\":[", to: &output)
    }

    /// From the `]` that closes the findings to the `{` that opens the meta fields.
    private static func appendClosing(error: String?, policy: String, screenedAt: String, to output: inout [UInt8]) {
        JSONText.append("]", to: &output)
        if let error {
            JSONText.append(",\"error\":", to: &output)
            JSONText.appendQuoted(error, to: &output)
        }
        JSONText.append(",\"policy\":", to: &output)
        JSONText.appendQuoted(policy, to: &output)
        JSONText.append(",\"screened_at\":", to: &output)
        JSONText.appendQuoted(screenedAt, to: &output)
        JSONText.append(",\"meta\":{", to: &output)
    }

    /// The meta fields and the end of the line.
    private static func appendMeta(_ meta: [(key: String, json: String)], to output: inout [UInt8]) {
        for (index, field) in meta.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSONText.appendQuoted(field.key, to: &output)
            output.append(UInt8(ascii: ":"))
            output.append(contentsOf: field.json.utf8)
        }
        JSONText.append("}}\n", to: &output)
    }

    /// One verdict as a JSON line (with its newline).
    public static func encode(_ verdict: Verdict) -> String {
        var output: [UInt8] = []
        append(verdict, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func append(_ finding: Finding, to output: inout [UInt8]) {
        JSONText.append("{\"kind\":\"", to: &output)
        output.append(contentsOf: finding.kind.rawValue.utf8)
        JSONText.append("\",\"category\":", to: &output)
        if let category = finding.category {
            JSONText.appendQuoted(category, to: &output)
        } else {
            JSONText.append("null", to: &output)
        }
        JSONText.append(",\"rule\":", to: &output)
        JSONText.appendQuoted(finding.rule, to: &output)
        JSONText.append(",\"severity\":\"", to: &output)
        output.append(contentsOf: finding.severity.rawValue.utf8)
        JSONText.append("\",\"target\":\"", to: &output)
        output.append(contentsOf: finding.target.rawValue.utf8)
        JSONText.append("\",\"span\":", to: &output)
        appendSpan(finding.span, to: &output)
        JSONText.append(",\"spans\":[", to: &output)
        for (index, span) in finding.spans.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            appendSpan(span, to: &output)
        }
        JSONText.append("],\"excerpt\":", to: &output)
        JSONText.appendQuoted(finding.excerpt, to: &output)
        if let message = finding.message {
            JSONText.append(",\"message\":", to: &output)
            JSONText.appendQuoted(message, to: &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    private static func appendSpan(_ span: ClosedSpan, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "["))
        JSONText.append(span.start, to: &output)
        output.append(UInt8(ascii: ","))
        JSONText.append(span.end, to: &output)
        output.append(UInt8(ascii: "]"))
    }
}
