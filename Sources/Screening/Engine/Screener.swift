import PCRE2
import Policy

/// Screens prompt/response pairs against a compiled policy set. Pure and shareable: all
/// per-task state lives in the ``MatchSession`` each call is given.
public struct Screener: Sendable {
    /// The compiled policies.
    public let policies: CompiledPolicySet
    /// At most this many spans are reported per rule and target.
    public let spanCap: Int
    let normaliser = TextNormaliser()

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
        let analysis = analyse(utf8: [(item.promptUTF8, item.responseUTF8)], session: session)[0]
        return verdict(for: item, analysis, file: file, line: line, screenedAt: screenedAt, policy: policies.digest)
    }

    /// Runs every rule group over the pair and applies allows, refusal detection and the
    /// refusal-sentence exception.
    public func analyse(prompt: String, response: String, session: ScreeningSession) -> Analysis {
        analyse([(prompt, response)], session: session)[0]
    }

    /// Screens several items from one file with one session; the same verdicts as screening each alone, found
    /// faster (see ``analyse(_:session:)``).
    /// - Parameters:
    ///   - items: The items.
    ///   - file: The file they came from, as verdicts name it.
    ///   - lines: Each item's 1-based line.
    ///   - screenedAt: The timestamp every verdict carries.
    ///   - session: This task's session.
    public func screen(
        _ items: [ScreeningItem],
        file: String,
        lines: [Int],
        screenedAt: String,
        session: ScreeningSession
    ) -> [Verdict] {
        let policy = Verdict.unshared(policies.digest)
        let outcomes = screenOutcomes(items, file: file, lines: lines, screenedAt: screenedAt, session: session)
        return items.indices.map { index in
            switch outcomes[index] {
            case .clean:
                Verdict.clean(items[index], file: file, line: lines[index], policy: policy, screenedAt: screenedAt)
            case .screened(let verdict):
                verdict
            }
        }
    }

    /// Screens several items as ``screen(_:file:lines:screenedAt:session:)`` does, but leaves the verdicts of
    /// clean items (nine in ten, usually) unbuilt: writing them straight from the item costs a fraction of
    /// building, encoding and freeing them.
    /// - Parameters:
    ///   - items: The items.
    ///   - file: The file they came from, as verdicts name it.
    ///   - lines: Each item's 1-based line.
    ///   - screenedAt: The timestamp every built verdict carries.
    ///   - session: This task's session.
    /// - Returns: One outcome per item, in order.
    public func screenOutcomes(
        _ items: [ScreeningItem],
        file: String,
        lines: [Int],
        screenedAt: String,
        session: ScreeningSession
    ) -> [ScreeningOutcome] {
        precondition(lines.count == items.count, "one line number per item")
        let matcher = RuleMatcher(session: session, spanCap: spanCap)
        let scan = CandidateScan(
            items.map { ($0.promptUTF8, $0.responseUTF8) },
            policies: policies,
            normaliser: normaliser,
            matcher: matcher
        )
        let withCandidates = items.indices.filter { !scan.isClean($0) }
        let analyses = confirm(scan, pairs: withCandidates, matcher: matcher)
        var outcomes = [ScreeningOutcome](repeating: .clean, count: items.count)
        guard !withCandidates.isEmpty else { return outcomes }
        let policy = Verdict.unshared(policies.digest)
        for (position, index) in withCandidates.enumerated() {
            outcomes[index] = .screened(
                verdict(
                    for: items[index],
                    analyses[position],
                    file: file,
                    line: lines[index],
                    screenedAt: screenedAt,
                    policy: policy
                )
            )
        }
        return outcomes
    }

    private func verdict(
        for item: ScreeningItem,
        _ analysis: Analysis,
        file: String,
        line: Int,
        screenedAt: String,
        policy: String
    ) -> Verdict {
        // Every finding comes from a hit, a marker or a failure; without any, the texts (held as UTF-8) need not
        // be made into strings for excerpts.
        let foundNothing =
            analysis.promptHits.isEmpty && analysis.responseHits.isEmpty && analysis.refusalMarker == nil
            && analysis.markerFailures.isEmpty
        let findings = foundNothing ? [] : findings(for: analysis, prompt: item.prompt, response: item.response)
        return Verdict(
            idJSON: item.idJSON,
            file: file,
            line: line,
            outcome: findings.isEmpty ? .pass : .flag,
            refused: analysis.refused,
            findings: findings,
            policy: policy,
            screenedAt: screenedAt,
            meta: item.meta
        )
    }
}
