import PCRE2

/// A rule together with its compiled PCRE2 pattern.
public struct CompiledRule: Sendable {
    /// The rule as written.
    public let rule: PolicyRule
    /// The compiled, JIT-ed pattern (shareable across tasks): the rule's pattern with word-boundary look-aheads
    /// added (``BoundaryLookahead``), which match exactly the same spans.
    public let pattern: Pattern

    /// A rule with its pattern compiled before (decoded from the cache), so already checked.
    init(_ rule: PolicyRule, precompiled pattern: Pattern) {
        self.rule = rule
        self.pattern = pattern
    }

    /// Compiles `rule`'s pattern.
    /// - Throws: ``PolicyError`` pointing at the offending character in the YAML file.
    public init(_ rule: PolicyRule, jit: Bool = true) throws(PolicyError) {
        self.rule = rule
        let options = PatternOptions(caseless: rule.caseless, jit: jit)
        do {
            // The word-boundary look-aheads only speed matching up (see ``BoundaryLookahead``); should the
            // rewritten text not compile, the rule's own pattern is used, so errors point into what was written.
            let guarded = BoundaryLookahead.guarded(rule.pattern)
            if guarded != rule.pattern, let fast = try? Pattern(guarded, options: options) {
                self.pattern = fast
            } else {
                self.pattern = try Pattern(rule.pattern, options: options)
            }
        } catch {
            var location = rule.patternLocation.start
            if case .compile(let offset) = error.code {
                location = rule.patternLocation.location(ofByteOffset: offset, in: rule.pattern)
            }
            throw PolicyError(
                at: location,
                "pattern of rule `\(rule.id)` does not compile: \(error.message) (at offset \(offsetText(error)) in the pattern)",
                rule: rule.id
            )
        }
        if pattern.canMatchEmpty {
            throw PolicyError(
                at: rule.patternLocation.start,
                "pattern of rule `\(rule.id)` can match the empty string, so it would fire on every text; require at least one character",
                rule: rule.id
            )
        }
    }
}

private func offsetText(_ error: PCRE2Error) -> String {
    if case .compile(let offset) = error.code { return String(offset) }
    return "?"
}
