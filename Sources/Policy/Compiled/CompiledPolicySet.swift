import PCRE2
import Prefilter

/// A policy set with every pattern compiled and the rules grouped by the text they run on.
/// Immutable and shareable: compile once per policy version, screen with it from every task.
public struct CompiledPolicySet: Sendable {
    /// How to compile a set.
    public struct Options: Sendable {
        /// Use PCRE2's JIT where the platform allows it.
        public var jit: Bool
        /// Build Vectorscan prefilter databases (`--no-prefilter` turns this off).
        public var prefilter: Bool
        /// Where compiled prefilter databases and PCRE2 patterns are cached between runs, if anywhere.
        public var cache: PrefilterCache?
        /// Use the prefilter only when the cache already holds it; never compile it here
        /// (compiling takes seconds to minutes, so the daemon does it in the background).
        public var cachedPrefilterOnly: Bool
        /// Called once, just before the prefilter is compiled rather than loaded from the cache: because none was
        /// cached, or because the cached file cannot be read. A caller that has to say why it is slow says it here.
        public var willCompilePrefilter: (@Sendable () -> Void)?

        /// Creates options; by default JIT and prefilter are on and nothing is cached.
        public init(
            jit: Bool = true,
            prefilter: Bool = true,
            cache: PrefilterCache? = nil,
            cachedPrefilterOnly: Bool = false,
            willCompilePrefilter: (@Sendable () -> Void)? = nil
        ) {
            self.jit = jit
            self.prefilter = prefilter
            self.cache = cache
            self.cachedPrefilterOnly = cachedPrefilterOnly
            self.willCompilePrefilter = willCompilePrefilter
        }
    }

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
    /// Whether the groups carry prefilter databases.
    public let usesPrefilter: Bool
    /// Whether the prefilter databases came from the cache.
    public let prefilterFromCache: Bool
    /// Whether the PCRE2 patterns were decoded from the cache rather than compiled.
    public let patternsFromCache: Bool

    /// The policy digest, `sha256:…`.
    public var digest: String { policySet.digest }
    /// Number of rules of every kind.
    public var ruleCount: Int { policySet.allRules.count }
    /// Every group by name, in a fixed order.
    public var groups: [(name: String, group: RuleGroup)] {
        [
            ("prompt", promptRules), ("response", responseRules), ("prompt_allow", promptAllows),
            ("response_allow", responseAllows), ("opening_markers", openingMarkers),
            ("anywhere_markers", anywhereMarkers), ("refusal_allow", refusalAllows),
        ]
    }

    /// Compiles every pattern of `set`, and the prefilter databases when asked.
    /// - Throws: ``PolicyError`` with every pattern that failed, each at its file:line:column,
    ///   or with the Vectorscan failure when the prefilter cannot be built at all.
    public init(_ set: PolicySet, options: Options = Options()) throws(PolicyError) {
        let compiled: [String: CompiledRule]
        var patternsFromCache = false
        if let cached = options.cache?.loadPatterns(for: set, jit: options.jit) {
            compiled = cached
            patternsFromCache = true
        } else {
            compiled = try Self.compileRules(set, jit: options.jit)
            options.cache?.storePatterns(for: set, compiled: compiled)
        }
        func rules(_ list: [PolicyRule], _ include: (PolicyRule) -> Bool) -> [CompiledRule] {
            list.filter(include).compactMap { compiled[$0.id] }
        }
        let categoryRules = set.categories.flatMap(\.rules)
        let plain: [(String, [CompiledRule])] = [
            ("prompt", rules(categoryRules) { $0.kind == .refusePrompt }),
            ("response", rules(categoryRules) { $0.kind == .forbidResponse }),
            ("prompt_allow", rules(categoryRules) { $0.kind == .allow && $0.target != .response }),
            ("response_allow", rules(categoryRules) { $0.kind == .allow && $0.target != .prompt }),
            ("opening_markers", rules(set.refusals.markers) { $0.scope == .opening }),
            ("anywhere_markers", rules(set.refusals.markers) { $0.scope == .anywhere }),
            ("refusal_allow", rules(set.refusals.allow) { _ in true }),
        ]
        var built: [String: RuleGroup] = [:]
        var fromCache = false
        var usesPrefilter = options.prefilter
        if options.prefilter, let cached = options.cache?.load(digest: set.digest),
            Set(cached.keys) == Set(plain.map(\.0))
        {
            for (name, list) in plain {
                let entry = cached[name]!
                built[name] = RuleGroup(
                    rules: list,
                    prefilter: entry.database,
                    unfiltered: entry.unfiltered,
                    rejections: entry.rejections
                )
            }
            fromCache = true
        } else if options.prefilter && !options.cachedPrefilterOnly {
            options.willCompilePrefilter?()
            built = try Self.buildPrefilter(plain, directory: set.directory)
            options.cache?.store(digest: set.digest, groups: built)
        } else {
            usesPrefilter = false
            for (name, list) in plain { built[name] = RuleGroup(rules: list) }
        }
        self.init(
            set,
            groups: built,
            usesPrefilter: usesPrefilter,
            fromCache: fromCache,
            patternsFromCache: patternsFromCache
        )
    }

    /// Every rule of `set` compiled, by id.
    /// - Throws: ``PolicyError`` with every pattern that failed.
    private static func compileRules(_ set: PolicySet, jit: Bool) throws(PolicyError) -> [String: CompiledRule] {
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
        return compiled
    }

    private init(
        _ set: PolicySet,
        groups built: [String: RuleGroup],
        usesPrefilter: Bool,
        fromCache: Bool,
        patternsFromCache: Bool
    ) {
        self.policySet = set
        self.promptRules = built["prompt"]!
        self.responseRules = built["response"]!
        self.promptAllows = built["prompt_allow"]!
        self.responseAllows = built["response_allow"]!
        self.openingMarkers = built["opening_markers"]!
        self.anywhereMarkers = built["anywhere_markers"]!
        self.refusalAllows = built["refusal_allow"]!
        self.usesPrefilter = usesPrefilter
        self.prefilterFromCache = fromCache
        self.patternsFromCache = patternsFromCache
    }

    /// This set with prefilter databases built (reusing the compiled PCRE2 rules) and stored in
    /// `cache`. Slow (seconds to minutes): the daemon calls it in the background.
    public func addingPrefilter(cache: PrefilterCache?) throws(PolicyError) -> CompiledPolicySet {
        if usesPrefilter { return self }
        let built = try Self.buildPrefilter(groups.map { ($0.name, $0.group.rules) }, directory: policySet.directory)
        cache?.store(digest: digest, groups: built)
        return CompiledPolicySet(
            policySet,
            groups: built,
            usesPrefilter: true,
            fromCache: false,
            patternsFromCache: patternsFromCache
        )
    }

    private static func buildPrefilter(
        _ plain: [(String, [CompiledRule])],
        directory: String
    ) throws(PolicyError) -> [String: RuleGroup] {
        var built: [String: RuleGroup] = [:]
        for (name, list) in plain {
            do {
                built[name] = try RuleGroup.withPrefilter(list)
            } catch {
                throw PolicyError(
                    at: SourceLocation(file: directory, line: 1, column: 1),
                    "the Vectorscan prefilter for the \(name) rules cannot be built: \(error); run with --no-prefilter"
                )
            }
        }
        return built
    }

    /// Loads and compiles the directory in one step.
    public static func load(directory: String, options: Options = Options()) throws(PolicyError) -> CompiledPolicySet {
        try CompiledPolicySet(PolicyLoader().load(directory: directory), options: options)
    }
}
