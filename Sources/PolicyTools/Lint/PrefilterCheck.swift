import Policy

/// Asks Vectorscan about each rule on its own: a rule its prefilter cannot take always runs
/// in PCRE2, on every text, which makes screening slower. Compiling one rule at a time keeps
/// lint fast and the answer per rule, even when the full set's database is slow to build.
struct PrefilterCheck {
    /// Vectorscan's reason for rejecting `rule`, or `nil` when the prefilter takes it.
    /// - Throws: ``PolicyError`` when the prefilter cannot be built at all.
    func rejection(for rule: PolicyRule) throws(PolicyError) -> String? {
        var alone = rule
        alone.kind = .refusePrompt  // the prompt group; Vectorscan only sees the pattern and its flags
        let set = PolicySet(
            directory: rule.location.file,
            categories: [
                CategoryPolicy(
                    category: "lint",
                    description: "one rule",
                    file: rule.location.file,
                    rules: [alone],
                    tests: []
                )
            ],
            refusals: RefusalPolicy(),
            digest: "lint:\(rule.id)"
        )
        let compiled = try CompiledPolicySet(set, options: CompiledPolicySet.Options(jit: false, prefilter: true))
        return compiled.promptRules.rejections[rule.id]
    }
}
