import PCRE2

/// A policy set with every pattern compiled and the rules grouped by the text they run on.
/// Immutable and shareable: compile once per policy version, screen with it from every task.
public struct CompiledPolicySet: Sendable {
    /// The source set.
    public let policySet: PolicySet
    /// `refuse_prompts` rules of every category (run on prompts).
    public let promptRules: RuleGroup
    /// `forbid_responses` rules of every category (run on responses).
    public let responseRules: RuleGroup
    /// `allow` rules that apply to prompts.
    public let promptAllows: RuleGroup
    /// `allow` rules that apply to responses.
    public let responseAllows: RuleGroup
    /// Refusal markers with scope `opening`.
    public let openingMarkers: RuleGroup
    /// Refusal markers with scope `anywhere`.
    public let anywhereMarkers: RuleGroup
    /// Refusal look-alikes that cancel markers.
    public let refusalAllows: RuleGroup

    /// The policy digest, `sha256:…`.
    public var digest: String { policySet.digest }
    /// Number of rules of every kind.
    public var ruleCount: Int { policySet.allRules.count }

    /// Compiles every pattern of `set`.
    /// - Parameter jit: use PCRE2's JIT where the platform allows it.
    /// - Throws: ``PolicyError`` with every pattern that failed, each at its file:line:column.
    public init(_ set: PolicySet, jit: Bool = true) throws(PolicyError) {
        var diagnostics: [PolicyDiagnostic] = []
        var compiled: [String: CompiledRule] = [:]
        for rule in set.allRules {
            do {
                compiled[rule.id] = try CompiledRule(rule, jit: jit)
            } catch {
                diagnostics += error.diagnostics
            }
        }
        if !diagnostics.isEmpty { throw PolicyError(diagnostics) }
        func group(_ rules: [PolicyRule], _ include: (PolicyRule) -> Bool) -> RuleGroup {
            RuleGroup(rules: rules.filter(include).compactMap { compiled[$0.id] })
        }
        let categoryRules = set.categories.flatMap(\.rules)
        self.policySet = set
        self.promptRules = group(categoryRules) { $0.kind == .refusePrompt }
        self.responseRules = group(categoryRules) { $0.kind == .forbidResponse }
        self.promptAllows = group(categoryRules) { $0.kind == .allow && $0.target != .response }
        self.responseAllows = group(categoryRules) { $0.kind == .allow && $0.target != .prompt }
        self.openingMarkers = group(set.refusals.markers) { $0.scope == .opening }
        self.anywhereMarkers = group(set.refusals.markers) { $0.scope == .anywhere }
        self.refusalAllows = group(set.refusals.allow) { _ in true }
    }

    /// Loads and compiles the directory in one step.
    public static func load(directory: String, jit: Bool = true) throws(PolicyError) -> CompiledPolicySet {
        try CompiledPolicySet(PolicyLoader().load(directory: directory), jit: jit)
    }
}
