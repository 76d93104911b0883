import Policy

/// Writes verdicts as JSON lines in the documented field order.
public enum VerdictEncoder {
    /// Appends `verdict` and a newline to `output`.
    public static func append(_ verdict: Verdict, to output: inout [UInt8]) {
        appendHead(
            idJSON: verdict.idJSON,
            file: verdict.file,
            line: verdict.line,
            outcome: verdict.outcome,
            refused: verdict.refused,
            to: &output
        )
        for (index, finding) in verdict.findings.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            append(finding, to: &output)
        }
        appendTail(
            error: verdict.error,
            policy: verdict.policy,
            screenedAt: verdict.screenedAt,
            meta: verdict.meta,
            to: &output
        )
    }

    /// Appends the verdict of a ``ScreeningOutcome/clean`` item and a newline to `output`: the same bytes as
    /// appending ``Verdict/clean(_:file:line:policy:screenedAt:)``, without building it.
    public static func appendClean(
        _ item: ScreeningItem,
        file: String,
        line: Int,
        policy: String,
        screenedAt: String,
        to output: inout [UInt8]
    ) {
        appendHead(idJSON: item.idJSON, file: file, line: line, outcome: .pass, refused: false, to: &output)
        appendTail(error: nil, policy: policy, screenedAt: screenedAt, meta: item.meta, to: &output)
    }

    /// Everything up to and including the `[` that opens the findings.
    private static func appendHead(
        idJSON: String,
        file: String,
        line: Int,
        outcome: Verdict.Outcome,
        refused: Bool,
        to output: inout [UInt8]
    ) {
        JSONText.append("{\"id\":", to: &output)
        output.append(contentsOf: idJSON.utf8)
        JSONText.append(",\"source\":{\"file\":", to: &output)
        JSONText.appendQuoted(file, to: &output)
        JSONText.append(",\"line\":", to: &output)
        JSONText.append(line, to: &output)
        JSONText.append("},\"verdict\":\"", to: &output)
        output.append(contentsOf: outcome.rawValue.utf8)
        JSONText.append("\",\"refused\":", to: &output)
        if refused { JSONText.append("true", to: &output) } else { JSONText.append("false", to: &output) }
        JSONText.append(",\"findings\":[", to: &output)
    }

    /// Everything from the `]` that closes the findings to the newline.
    private static func appendTail(
        error: String?,
        policy: String,
        screenedAt: String,
        meta: [(key: String, json: String)],
        to output: inout [UInt8]
    ) {
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
