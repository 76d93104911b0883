import CPCRE2
import Synchronization

/// A compiled PCRE2 pattern (UTF + UCP, optionally caseless), JIT-compiled on its first match when possible.
///
/// Create one per rule and share it freely: concurrent matches from many tasks are safe as long as each uses
/// its own ``MatchSession``. After `pcre2_compile` returns, PCRE2 writes to the compiled code only in
/// `pcre2_jit_compile` (pcre2api, "Multithreading"). That runs once, on the first match, under a lock; until it
/// has finished no thread matches the pattern (they wait for it), and its result is published with
/// release/acquire ordering. A policy set holds hundreds of rules of which a workload may run a few dozen, and
/// JIT-compiling a rule costs more than compiling it.
public final class Pattern: @unchecked Sendable {
    /// The pattern source as written.
    public let source: String
    /// The options it was compiled with.
    public let options: PatternOptions
    /// The number of capturing groups.
    public let captureCount: Int
    let code: OpaquePointer
    /// ``JITState`` as its raw value.
    private let jitState: Atomic<UInt8>
    /// Held while the JIT compiles, so the compile happens once and no match overlaps it; a thread that waits
    /// for it sleeps (see ``SleepingLock``).
    private let jitLock = SleepingLock()

    private enum JITState: UInt8 {
        /// Not compiled yet: the next match compiles it first.
        case pending
        /// JIT-compiled: matches run the machine code.
        case compiled
        /// Not JIT-compiled (not asked for, or the JIT is unavailable): matches run the interpreter.
        case interpreted
    }

    /// Compiles `source`.
    /// - Throws: ``PCRE2Error`` with `.compile(offset:)`, the byte offset in `source` where
    ///   PCRE2 found the problem, and PCRE2's message.
    public convenience init(_ source: String, options: PatternOptions = PatternOptions()) throws(PCRE2Error) {
        var flags = UInt32(PCRE2_UTF | PCRE2_UCP)
        if options.caseless { flags |= UInt32(PCRE2_CASELESS) }
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        let compiled: OpaquePointer? =
            source.utf8.withContiguousStorageIfAvailable { bytes in
                pcre2_compile_8(bytes.baseAddress, bytes.count, flags, &errorCode, &errorOffset, nil)
            }
            ?? Array(source.utf8).withUnsafeBufferPointer { bytes in
                pcre2_compile_8(bytes.baseAddress, bytes.count, flags, &errorCode, &errorOffset, nil)
            }
        guard let compiled else {
            throw PCRE2Error.fromPCRE2(errorCode, code: .compile(offset: errorOffset))
        }
        self.init(taking: compiled, source: source, options: options)
    }

    /// Wraps compiled code this pattern then owns (frees), e.g. one decoded from a serialized set.
    init(taking compiled: OpaquePointer, source: String, options: PatternOptions) {
        self.code = compiled
        self.source = source
        self.options = options
        self.jitState = Atomic(options.jit ? JITState.pending.rawValue : JITState.interpreted.rawValue)
        var captures: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &captures)
        self.captureCount = Int(captures)
    }

    deinit {
        pcre2_code_free_8(code)
    }

    /// Whether matches run JIT-compiled code. Before the first match of a pattern with ``PatternOptions/jit``
    /// this is `false`; after it, it says whether the JIT compile succeeded.
    public var isJITCompiled: Bool {
        jitState.load(ordering: .acquiring) == JITState.compiled.rawValue
    }

    /// Makes the pattern ready to match, JIT-compiling it if that is still pending, and says whether to use the
    /// JIT. Every match calls this first.
    func prepareForMatch() -> Bool {
        let state = jitState.load(ordering: .acquiring)
        if state != JITState.pending.rawValue { return state == JITState.compiled.rawValue }
        return jitLock.withLock {
            let state = jitState.load(ordering: .acquiring)
            if state != JITState.pending.rawValue { return state == JITState.compiled.rawValue }
            let compiled = pcre2_jit_compile_8(code, UInt32(PCRE2_JIT_COMPLETE)) == 0
            jitState.store(
                compiled ? JITState.compiled.rawValue : JITState.interpreted.rawValue,
                ordering: .releasing
            )
            return compiled
        }
    }

    /// Whether the pattern can match an empty string (a policy lint error: it would match everywhere).
    public var canMatchEmpty: Bool {
        var minLength: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_MINLENGTH), &minLength)
        return minLength == 0
    }

    /// Whether the JIT is available in this process at all (it needs writable+executable memory).
    public static var isJITAvailable: Bool {
        var available: UInt32 = 0
        pcre2_config_8(UInt32(PCRE2_CONFIG_JIT), &available)
        return available == 1
    }
}
