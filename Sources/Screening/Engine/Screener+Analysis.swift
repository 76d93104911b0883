import PCRE2
import Policy

extension Screener {
    /// Analyses several prompt/response pairs with one session, each exactly as
    /// ``analyse(prompt:response:session:)`` would, but stage by stage: every text is normalised, then every
    /// prompt is scanned with the prompt rules' prefilter, then every response with the response rules' one,
    /// and so on, before PCRE2 confirms each pair's candidates. A prefilter database's tables are megabytes;
    /// scanned one after another per pair, the four databases evict each other from the CPU caches.
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
        let prompts = pairs.map { normaliser.normalise(utf8: $0.prompt) }
        let responses = pairs.map { normaliser.normalise(utf8: $0.response) }
        let openingLength = policies.policySet.refusals.openingLength
        let openingEnds = responses.map { $0.byteOffset(afterCodePoints: openingLength) }
        let promptCandidates = prompts.map { text in
            text.bytes.withUnsafeBytes { matcher.candidates(policies.promptRules, in: $0) }
        }
        let responseCandidates = responses.map { text in
            text.bytes.withUnsafeBytes { matcher.candidates(policies.responseRules, in: $0) }
        }
        let anywhereCandidates = responses.map { text in
            text.bytes.withUnsafeBytes { matcher.candidates(policies.anywhereMarkers, in: $0) }
        }
        let openingCandidates = zip(responses, openingEnds).map { text, end in
            text.bytes.withUnsafeBytes { subject in
                matcher.candidates(policies.openingMarkers, in: UnsafeRawBufferPointer(rebasing: subject[0..<end]))
            }
        }
        // Then PCRE2 confirms the candidates, one rule group at a time too.
        let promptHits = zip(prompts, promptCandidates).map { text, candidates in
            text.bytes.withUnsafeBytes { subject in
                matcher.cancel(
                    matcher.hits(policies.promptRules, in: subject, candidates: candidates),
                    by: policies.promptAllows,
                    in: subject
                )
            }
        }
        let markers = responses.indices.map { index in
            responses[index].bytes.withUnsafeBytes { subject in
                let opening = UnsafeRawBufferPointer(rebasing: subject[0..<openingEnds[index]])
                let markers =
                    matcher.hits(policies.openingMarkers, in: opening, candidates: openingCandidates[index])
                    + matcher.hits(policies.anywhereMarkers, in: subject, candidates: anywhereCandidates[index])
                let refusals = matcher.cancel(
                    markers.filter { $0.failure == nil },
                    by: policies.refusalAllows,
                    in: subject
                )
                return (refusal: refusals.first, failures: markers.filter { $0.failure != nil })
            }
        }
        let responseHits = zip(responses, responseCandidates).map { text, candidates in
            text.bytes.withUnsafeBytes { subject in
                let hits = matcher.cancel(
                    matcher.hits(policies.responseRules, in: subject, candidates: candidates),
                    by: policies.responseAllows,
                    in: subject
                )
                return removeRefusalSentences(hits, subject: subject, matcher: matcher)
            }
        }
        return pairs.indices.map { index in
            Analysis(
                prompt: prompts[index],
                response: responses[index],
                promptHits: promptHits[index],
                responseHits: responseHits[index],
                refusalMarker: markers[index].refusal,
                markerFailures: markers[index].failures
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
