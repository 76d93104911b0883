/// Resource limits applied to every match, so one pathological pattern cannot stall screening.
///
/// PCRE2's JIT ignores the depth limit, so the bound comes from the match limit (a count of
/// internal backtracking steps) and a JIT stack of bounded size. Without the JIT the interpreter
/// honours the match, depth and heap limits.
public struct MatchLimits: Sendable, Equatable {
    /// Maximum backtracking steps per match call (`pcre2_set_match_limit`).
    public var matchLimit: UInt32
    /// Maximum nested backtracking depth for the interpreter (`pcre2_set_depth_limit`).
    public var depthLimit: UInt32
    /// Maximum heap for the interpreter's backtracking, in KiB (`pcre2_set_heap_limit`).
    public var heapLimitKiB: UInt32
    /// Initial JIT stack size in bytes.
    public var jitStackStart: Int
    /// Maximum JIT stack size in bytes.
    public var jitStackMax: Int

    /// Creates limits. The defaults bound a single match call to a few milliseconds.
    public init(
        matchLimit: UInt32 = 1_000_000,
        depthLimit: UInt32 = 10_000,
        heapLimitKiB: UInt32 = 20_000,
        jitStackStart: Int = 32 * 1024,
        jitStackMax: Int = 1024 * 1024
    ) {
        self.matchLimit = matchLimit
        self.depthLimit = depthLimit
        self.heapLimitKiB = heapLimitKiB
        self.jitStackStart = jitStackStart
        self.jitStackMax = jitStackMax
    }
}
