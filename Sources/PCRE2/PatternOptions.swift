/// How a pattern is compiled. Every pattern is compiled in UTF mode with Unicode properties
/// (`PCRE2_UTF | PCRE2_UCP`) so `\b`, `\w` and caseless matching work across European scripts.
public struct PatternOptions: Sendable, Equatable, Hashable {
    /// Match letters regardless of case (Unicode case folding). Default on.
    public var caseless: Bool
    /// Try to JIT-compile the pattern, on its first match (see ``Pattern``). When the JIT is unavailable (for
    /// example under `MemoryDenyWriteExecute=yes`) the interpreter is used instead, with the same limits.
    public var jit: Bool

    /// Creates options; the defaults are caseless matching with the JIT.
    public init(caseless: Bool = true, jit: Bool = true) {
        self.caseless = caseless
        self.jit = jit
    }
}
