import PCRE2
import Policy
import Screening

/// Screens a labelled corpus with a compiled policy set and compares what the screener
/// decided with what people labelled: per rule, per category and type, and for the refusal
/// detector. The engine of `refusald policy eval`.
public struct PolicyEvaluator: Sendable {
    /// The screener the corpus runs through.
    public let screener: Screener

    /// Creates an evaluator for `policies`.
    public init(policies: CompiledPolicySet) {
        self.screener = Screener(policies: policies)
    }

    /// Screens every item of `corpus` and builds the report.
    /// - Parameter name: the corpus name shown in the report (usually its path).
    public func evaluate(_ corpus: EvalCorpus, name: String = "-") -> EvalReport {
        var report = EvalReport(corpus: name, policy: screener.policies.digest)
        let set = screener.policies.policySet
        let measured =
            set.categories.flatMap(\.rules).filter { $0.kind == .refusePrompt }
            + set.categories.flatMap(\.rules).filter { $0.kind == .forbidResponse }
            + set.refusals.markers
        var rules = measured.map(RuleStats.init(rule:))
        let index = Dictionary(
            rules.enumerated().map { ($0.element.rule, $0.offset) },
            uniquingKeysWith: { first, _ in first }
        )
        let session = screener.makeSession()
        for item in corpus.items {
            report.items += 1
            let analysis = screener.analyse(prompt: item.prompt, response: item.response ?? "", session: session)
            let label = item.label
            report.prompts.add(predicted: analysis.promptMustBeRefused, actual: label.shouldRefuse, label: label)
            for hit in analysis.promptHits {
                guard let position = index[hit.rule.id] else { continue }
                record(hit, in: &rules[position], positive: label.shouldRefuse, id: item.id, text: analysis.prompt)
            }
            guard item.response != nil else {
                report.promptOnly += 1
                continue
            }
            let harmful = label.responseHarmful
            report.responses.add(
                predicted: analysis.responseHits.contains { $0.failure == nil },
                actual: harmful,
                label: label
            )
            for hit in analysis.responseHits {
                guard let position = index[hit.rule.id] else { continue }
                record(hit, in: &rules[position], positive: harmful, id: item.id, text: analysis.response)
            }
            report.refusal.add(detected: analysis.refused, label: label.refused)
            let markerTruth: Bool? =
                switch label.refused {
                case .refused: true
                case .complied: false
                case .partial, nil: nil
                }
            for hit in [analysis.refusalMarker].compactMap({ $0 }) + analysis.markerFailures {
                guard let position = index[hit.rule.id] else { continue }
                record(hit, in: &rules[position], positive: markerTruth, id: item.id, text: analysis.response)
            }
        }
        report.rules = rules
        return report
    }

    private func record(_ hit: RuleHit, in stats: inout RuleStats, positive: Bool?, id: String, text: NormalisedText) {
        guard hit.failure == nil else {
            stats.errors += 1
            return
        }
        stats.record(positive: positive, example: Self.example(id: id, span: hit.spans.first, in: text.bytes))
    }

    /// The matched text and its surroundings, cut at code point boundaries.
    static func example(id: String, span: ByteSpan?, in bytes: [UInt8]) -> RuleStats.Example {
        guard let span, span.end <= bytes.count else { return RuleStats.Example(id: id, match: "", context: "") }
        func boundary(_ offset: Int) -> Int {
            var offset = min(max(0, offset), bytes.count)
            while offset > 0 && offset < bytes.count && bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
            return offset
        }
        let start = boundary(span.start - 60)
        let end = boundary(span.end + 60)
        let match = String(decoding: bytes[span.start..<span.end], as: UTF8.self)
        var context = String(decoding: bytes[start..<end], as: UTF8.self)
        if start > 0 { context = "…" + context }
        if end < bytes.count { context += "…" }
        return RuleStats.Example(id: id, match: match, context: context)
    }
}
