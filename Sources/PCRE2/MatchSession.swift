import CPCRE2

/// Per-task match state: match data, a match context with limits, and a private JIT stack.
///
/// PCRE2 match data and JIT stacks must not be used by two threads at once, so each task
/// creates its own session and reuses it for every match; this keeps matching allocation-free.
/// A session is deliberately not `Sendable`.
public final class MatchSession {
    /// The limits every match in this session runs under.
    public let limits: MatchLimits
    private let matchData: OpaquePointer
    private let context: OpaquePointer
    private let jitStack: OpaquePointer?
    /// A valid pointer for empty subjects: PCRE2 rejects a NULL subject even with length 0.
    private let emptySubject: UnsafeMutablePointer<UInt8>

    /// Creates a session with the given limits.
    public init(limits: MatchLimits = MatchLimits()) {
        self.limits = limits
        self.emptySubject = .allocate(capacity: 1)
        emptySubject.initialize(to: 0)
        // One ovector pair is enough: we only report the whole match. PCRE2 returns 0 when a
        // pattern has more groups than fit, which still means "matched" with pair 0 set.
        guard let data = pcre2_match_data_create_8(1, nil), let context = pcre2_match_context_create_8(nil) else {
            fatalError("PCRE2 could not allocate match data (out of memory)")
        }
        self.matchData = data
        self.context = context
        pcre2_set_match_limit_8(context, limits.matchLimit)
        pcre2_set_depth_limit_8(context, limits.depthLimit)
        pcre2_set_heap_limit_8(context, limits.heapLimitKiB)
        self.jitStack = pcre2_jit_stack_create_8(limits.jitStackStart, limits.jitStackMax, nil)
        if let jitStack {
            pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack))
        }
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(context)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
        emptySubject.deallocate()
    }

    /// Finds the first match of `pattern` in `subject` at or after byte `offset`.
    ///
    /// `subject` must be valid UTF-8 (validated at ingest): the UTF check is skipped.
    /// - Returns: the byte span of the match, or `nil` when there is none.
    /// - Throws: ``PCRE2Error`` when a limit is hit; that is never reported as "no match".
    public func firstMatch(
        of pattern: Pattern,
        in subject: UnsafeRawBufferPointer,
        from offset: Int = 0
    ) throws(PCRE2Error) -> ByteSpan? {
        let base = subject.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(emptySubject)
        let rc: Int32
        if pattern.prepareForMatch() {
            rc = pcre2_jit_match_8(pattern.code, base, subject.count, offset, 0, matchData, context)
        } else {
            rc = pcre2_match_8(
                pattern.code,
                base,
                subject.count,
                offset,
                UInt32(PCRE2_NO_UTF_CHECK),
                matchData,
                context
            )
        }
        if rc == PCRE2_ERROR_NOMATCH { return nil }
        if rc < 0 { throw PCRE2Error.fromMatchResult(rc) }
        let ovector = pcre2_get_ovector_pointer_8(matchData)!
        return ByteSpan(start: ovector[0], end: ovector[1])
    }

    /// All non-overlapping matches of `pattern` in `subject`, at most `limit` of them.
    /// An empty match advances by one code point so iteration always terminates.
    public func allMatches(
        of pattern: Pattern,
        in subject: UnsafeRawBufferPointer,
        limit: Int = 16
    ) throws(PCRE2Error) -> [ByteSpan] {
        var spans: [ByteSpan] = []
        var offset = 0
        while offset <= subject.count, spans.count < limit,
            let span = try firstMatch(of: pattern, in: subject, from: offset)
        {
            spans.append(span)
            offset = span.end > span.start ? span.end : UTF8Offsets.nextCodePoint(in: subject, after: span.end)
        }
        return spans
    }

    /// Convenience for tests and tools: matches against a Swift string.
    public func allMatches(of pattern: Pattern, in text: String, limit: Int = 16) throws(PCRE2Error) -> [ByteSpan] {
        var copy = text
        let result: Result<[ByteSpan], PCRE2Error> = copy.withUTF8 { buffer in
            do throws(PCRE2Error) {
                return .success(try allMatches(of: pattern, in: UnsafeRawBufferPointer(buffer), limit: limit))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
