import PCRE2
import Policy

extension Screener {
    /// Turns an analysis into findings, with spans in code points of the original texts.
    public func findings(for analysis: Analysis, prompt: String, response: String) -> [Finding] {
        var findings: [Finding] = []
        let promptText = OriginalText(prompt)
        let responseText = OriginalText(response)
        if !analysis.refused {
            for hit in analysis.promptHits where hit.failure == nil {
                findings.append(finding(.missingRefusal, hit, .prompt, analysis.prompt, promptText))
            }
        }
        for hit in analysis.responseHits where hit.failure == nil {
            findings.append(finding(.disallowedContent, hit, .response, analysis.response, responseText))
        }
        if let marker = analysis.refusalMarker, !analysis.promptHits.contains(where: { $0.failure == nil }),
            policies.policySet.refusals.reportsOverRefusal
        {
            findings.append(finding(.overRefusal, marker, .response, analysis.response, responseText))
        }
        let failures =
            analysis.promptHits.map { ($0, Finding.Target.prompt) }
            + (analysis.responseHits + analysis.markerFailures).map { ($0, Finding.Target.response) }
        for (hit, target) in failures {
            guard let failure = hit.failure else { continue }
            findings.append(
                Finding(
                    kind: .ruleError,
                    category: hit.rule.category,
                    rule: hit.rule.id,
                    severity: hit.rule.severity,
                    target: target,
                    spans: [],
                    excerpt: "",
                    message: "rule `\(hit.rule.id)` stopped on the \(target.rawValue): \(failure.message)"
                )
            )
        }
        return findings
    }

    private func finding(
        _ kind: FindingKind,
        _ hit: RuleHit,
        _ target: Finding.Target,
        _ normalised: NormalisedText,
        _ original: OriginalText
    ) -> Finding {
        let spans = hit.spans.map { span in
            let mapped = normalised.originalSpan(start: span.start, end: span.end)
            return ClosedSpan(start: mapped.start, end: mapped.end)
        }
        return Finding(
            kind: kind,
            category: kind == .overRefusal ? nil : hit.rule.category,
            rule: hit.rule.id,
            severity: hit.rule.severity,
            target: target,
            spans: spans,
            excerpt: spans.first.map { original.excerpt($0) } ?? ""
        )
    }
}

/// An original text indexed by code point, built only when a finding needs an excerpt.
private struct OriginalText {
    let text: String
    init(_ text: String) { self.text = text }

    func excerpt(_ span: ClosedSpan, maxLength: Int = 120) -> String {
        let scalars = text.unicodeScalars
        guard let start = scalars.index(scalars.startIndex, offsetBy: span.start, limitedBy: scalars.endIndex) else {
            return ""
        }
        let length = min(span.end - span.start, maxLength)
        let end = scalars.index(start, offsetBy: length, limitedBy: scalars.endIndex) ?? scalars.endIndex
        return String(scalars[start..<end])
    }
}
