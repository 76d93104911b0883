import PCRE2
import Policy

/// Screens prompt/response pairs against a compiled policy set. Pure and shareable: all
/// per-task state lives in the ``MatchSession`` each call is given.
public struct Screener: Sendable {
    /// The compiled policies.
    public let policies: CompiledPolicySet
    /// At most this many spans are reported per rule and target.
    public let spanCap: Int
    private let normaliser = TextNormaliser()

    /// Creates a screener.
    public init(policies: CompiledPolicySet, spanCap: Int = 16) {
        self.policies = policies
        self.spanCap = spanCap
    }

    /// A new per-task session for this screener's policies (with prefilter scratch when the
    /// set uses the prefilter; without it if scratch cannot be allocated).
    public func makeSession(limits: MatchLimits = MatchLimits()) -> ScreeningSession {
        (try? ScreeningSession(policies: policies, limits: limits))
            ?? ScreeningSession(match: MatchSession(limits: limits))
    }

    /// Convenience for tools and tests: screens with a plain PCRE2 session (no prefilter).
    public func screen(
        _ item: ScreeningItem,
        file: String,
        line: Int,
        screenedAt: String,
        session: MatchSession
    ) -> Verdict {
        screen(item, file: file, line: line, screenedAt: screenedAt, session: ScreeningSession(match: session))
    }

    /// Convenience for tools and tests: analyses with a plain PCRE2 session (no prefilter).
    public func analyse(prompt: String, response: String, session: MatchSession) -> Analysis {
        analyse(prompt: prompt, response: response, session: ScreeningSession(match: session))
    }

    /// Screens one item and builds its verdict.
    public func screen(
        _ item: ScreeningItem,
        file: String,
        line: Int,
        screenedAt: String,
        session: ScreeningSession
    ) -> Verdict {
        let analysis = analyse(prompt: item.prompt, response: item.response, session: session)
        let findings = findings(for: analysis, prompt: item.prompt, response: item.response)
        return Verdict(
            idJSON: item.idJSON,
            file: file,
            line: line,
            outcome: findings.isEmpty ? .pass : .flag,
            refused: analysis.refused,
            findings: findings,
            policy: policies.digest,
            screenedAt: screenedAt,
            meta: item.meta
        )
    }

    /// Runs every rule group over the pair and applies allows, refusal detection and the
    /// refusal-sentence exception.
    public func analyse(prompt: String, response: String, session: ScreeningSession) -> Analysis {
        let matcher = RuleMatcher(session: session, spanCap: spanCap)
        let normalisedPrompt = normaliser.normalise(prompt)
        let normalisedResponse = normaliser.normalise(response)
        let promptHits = normalisedPrompt.bytes.withUnsafeBytes { subject in
            matcher.cancel(matcher.hits(policies.promptRules, in: subject), by: policies.promptAllows, in: subject)
        }
        return normalisedResponse.bytes.withUnsafeBytes { subject in
            let (marker, markerFailures) = detectRefusal(normalisedResponse, subject: subject, matcher: matcher)
            var responseHits = matcher.cancel(
                matcher.hits(policies.responseRules, in: subject),
                by: policies.responseAllows,
                in: subject
            )
            responseHits = removeRefusalSentences(responseHits, subject: subject, matcher: matcher)
            return Analysis(
                prompt: normalisedPrompt,
                response: normalisedResponse,
                promptHits: promptHits,
                responseHits: responseHits,
                refusalMarker: marker,
                markerFailures: markerFailures
            )
        }
    }

    /// The first refusal marker that matches in its scope and is not cancelled by a look-alike.
    private func detectRefusal(
        _ text: NormalisedText,
        subject: UnsafeRawBufferPointer,
        matcher: RuleMatcher
    ) -> (RuleHit?, [RuleHit]) {
        let openingEnd = text.byteOffset(afterCodePoints: policies.policySet.refusals.openingLength)
        let opening = UnsafeRawBufferPointer(rebasing: subject[0..<openingEnd])
        var candidates = matcher.hits(policies.openingMarkers, in: opening)
        candidates += matcher.hits(policies.anywhereMarkers, in: subject)
        let failures = candidates.filter { $0.failure != nil }
        let matched = matcher.cancel(candidates.filter { $0.failure == nil }, by: policies.refusalAllows, in: subject)
        return (matched.first, failures)
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
