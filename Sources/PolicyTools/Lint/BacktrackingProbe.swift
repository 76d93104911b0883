import PCRE2
import Policy

/// Finds patterns that backtrack catastrophically: each pattern runs over adversarial inputs
/// built from its own text under a match limit well below the screening one. A pattern that
/// hits the limit here would stop with a `rule_error` on long or unlucky texts in production.
public struct BacktrackingProbe: Sendable {
    /// A pattern that hit a limit, with the smallest input found that does it.
    public struct Failure: Sendable, Equatable {
        /// The input that hit the limit.
        public var input: AdversarialInput
        /// What PCRE2 reported.
        public var error: PCRE2Error
    }

    /// The limits the probe matches under.
    public let limits: MatchLimits
    /// About how many characters each adversarial input holds.
    public let inputLength: Int

    /// Creates a probe.
    /// - Parameters:
    ///   - matchLimit: PCRE2 match limit per match call; a tenth of the screening default, so a
    ///     linear pattern still fits with room to spare while exponential and polynomial ones do not.
    ///   - inputLength: about how long each input is (characters).
    public init(matchLimit: UInt32 = 100_000, inputLength: Int = 4096) {
        self.limits = MatchLimits(matchLimit: matchLimit)
        self.inputLength = inputLength
    }

    /// The first adversarial input on which `pattern` hits a limit, shrunk to the fewest
    /// repetitions that still do; `nil` when the pattern copes with every input.
    public func check(_ pattern: Pattern) -> Failure? {
        let session = MatchSession(limits: limits)
        for input in AdversarialInput.inputs(for: pattern.source, length: inputLength) {
            guard let error = limitError(pattern, input.text, session) else { continue }
            return shrink(Failure(input: input, error: error), pattern, session)
        }
        return nil
    }

    /// The diagnostic for `rule` when its pattern backtracks catastrophically, else `nil`.
    public func diagnostic(for compiled: CompiledRule) -> PolicyDiagnostic? {
        guard let failure = check(compiled.pattern) else { return nil }
        let rule = compiled.rule
        let what =
            failure.error.code == .matchLimit ? "the match limit of \(limits.matchLimit)" : "the match stack limit"
        return PolicyDiagnostic(
            .error,
            at: rule.patternLocation.start,
            "pattern of rule `\(rule.id)` backtracks catastrophically: the input \(failure.input) exceeds "
                + "\(what); screening would stop with rule_error on such texts. Remove nested or adjacent "
                + "quantifiers over the same characters (e.g. `(a+)+`, `(\\w+\\s?)+`, `.*.*`), bound them "
                + "(`{0,40}`), or make them possessive/atomic (`a++`, `(?>…)`)",
            rule: rule.id
        )
    }

    private func limitError(_ pattern: Pattern, _ text: String, _ session: MatchSession) -> PCRE2Error? {
        do {
            _ = try session.allMatches(of: pattern, in: text)
            return nil
        } catch {
            return error.isLimit ? error : nil
        }
    }

    /// Halves the repetition count while the input still fails, to report a readable input.
    private func shrink(_ failure: Failure, _ pattern: Pattern, _ session: MatchSession) -> Failure {
        var best = failure
        var count = failure.input.count / 2
        while count >= 1 {
            let smaller = failure.input.repeated(count)
            guard let error = limitError(pattern, smaller.text, session) else { break }
            best = Failure(input: smaller, error: error)
            count /= 2
        }
        return best
    }
}
