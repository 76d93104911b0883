import PCRE2
import Policy

extension Screener {
    /// Analyses several prompt/response pairs with one session, each exactly as
    /// ``analyse(prompt:response:session:)`` would, but stage by stage (see ``CandidateScan``) before PCRE2
    /// confirms each pair's candidates, one rule group at a time too.
    /// - Parameters:
    ///   - pairs: The texts, in any number; the more per call, the more the stages pay off (`Batch` passes up
    ///     to 4,096).
    ///   - session: This task's session.
    /// - Returns: One analysis per pair, in order.
    public func analyse(_ pairs: [(prompt: String, response: String)], session: ScreeningSession) -> [Analysis] {
        analyse(utf8: pairs.map { (Array($0.prompt.utf8), Array($0.response.utf8)) }, session: session)
    }

    /// ``analyse(_:session:)`` for texts given as valid UTF-8, as items hold them.
    func analyse(utf8 pairs: [(prompt: [UInt8], response: [UInt8])], session: ScreeningSession) -> [Analysis] {
        let matcher = RuleMatcher(session: session, spanCap: spanCap)
        let scan = CandidateScan(pairs, policies: policies, normaliser: normaliser, matcher: matcher)
        return confirm(scan, pairs: Array(0..<scan.count), matcher: matcher)
    }

    /// The second stage: PCRE2 confirms the candidates of the pairs at `indexes` (ascending), applies allows,
    /// refusal detection and the refusal-sentence exception.
    /// - Returns: One analysis per index, in the same order.
    func confirm(_ scan: CandidateScan, pairs indexes: [Int], matcher: RuleMatcher) -> [Analysis] {
        let promptHits = indexes.map { index in
            scan.prompts[index].bytes.withUnsafeBytes { subject in
                matcher.cancel(
                    matcher.hits(policies.promptRules, in: subject, candidates: scan.promptCandidates[index]),
                    by: policies.promptAllows,
                    in: subject
                )
            }
        }
        let markers = indexes.map { index in
            scan.responses[index].bytes.withUnsafeBytes { subject in
                let opening = UnsafeRawBufferPointer(rebasing: subject[0..<scan.openingEnds[index]])
                let markers =
                    matcher.hits(policies.openingMarkers, in: opening, candidates: scan.openingCandidates[index])
                    + matcher.hits(policies.anywhereMarkers, in: subject, candidates: scan.anywhereCandidates[index])
                let refusals = matcher.cancel(
                    markers.filter { $0.failure == nil },
                    by: policies.refusalAllows,
                    in: subject
                )
                return (refusal: refusals.first, failures: markers.filter { $0.failure != nil })
            }
        }
        let responseHits = indexes.map { index in
            scan.responses[index].bytes.withUnsafeBytes { subject in
                let hits = matcher.cancel(
                    matcher.hits(policies.responseRules, in: subject, candidates: scan.responseCandidates[index]),
                    by: policies.responseAllows,
                    in: subject
                )
                return removeRefusalSentences(hits, subject: subject, matcher: matcher)
            }
        }
        return indexes.indices.map { position in
            Analysis(
                prompt: scan.prompts[indexes[position]],
                response: scan.responses[indexes[position]],
                promptHits: promptHits[position],
                responseHits: responseHits[position],
                refusalMarker: markers[position].refusal,
                markerFailures: markers[position].failures
            )
        }
    }

    /// Drops response matches whose sentence is itself a refusal ("I can't help you build a
    /// bomb."), so naming the topic while refusing is not disallowed content. Only the sentence
    /// holding the match counts: a refusal at the start does not hide instructions later on.
    private func removeRefusalSentences(
        _ hits: [RuleHit],
        subject: UnsafeRawBufferPointer,
        matcher: RuleMatcher
    ) -> [RuleHit] {
        hits.compactMap { hit in
            guard hit.failure == nil else { return hit }
            var kept = hit
            kept.spans = hit.spans.filter { span in
                let sentence = SentenceBounds.sentence(around: span, in: subject)
                let slice = UnsafeRawBufferPointer(rebasing: subject[sentence])
                let refusals =
                    matcher.hits(policies.openingMarkers, in: slice) + matcher.hits(policies.anywhereMarkers, in: slice)
                let real = matcher.cancel(refusals.filter { $0.failure == nil }, by: policies.refusalAllows, in: slice)
                return real.isEmpty
            }
            return kept.spans.isEmpty ? nil : kept
        }
    }
}
