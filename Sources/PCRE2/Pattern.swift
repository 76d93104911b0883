import CPCRE2

/// A compiled PCRE2 pattern (UTF + UCP, optionally caseless), JIT-compiled when possible.
///
/// Create one per rule and share it freely: after `pcre2_compile` and `pcre2_jit_compile`
/// return, PCRE2 never writes to the compiled code again (pcre2api, "Multithreading"), so
/// concurrent matches from many tasks are safe as long as each uses its own ``MatchSession``.
public final class Pattern: @unchecked Sendable {
    /// The pattern source as written.
    public let source: String
    /// The options it was compiled with.
    public let options: PatternOptions
    /// Whether JIT compilation succeeded (otherwise the interpreter runs it).
    public let isJITCompiled: Bool
    /// The number of capturing groups.
    public let captureCount: Int
    let code: OpaquePointer

    /// Compiles `source`.
    /// - Throws: ``PCRE2Error`` with `.compile(offset:)`, the byte offset in `source` where
    ///   PCRE2 found the problem, and PCRE2's message.
    public init(_ source: String, options: PatternOptions = PatternOptions()) throws(PCRE2Error) {
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
        self.code = compiled
        self.source = source
        self.options = options
        self.isJITCompiled = options.jit && pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) == 0
        var captures: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &captures)
        self.captureCount = Int(captures)
    }

    deinit {
        pcre2_code_free_8(code)
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
