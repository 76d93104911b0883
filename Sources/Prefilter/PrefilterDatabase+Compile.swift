import CVectorscan

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PrefilterDatabase {
    /// Compiles patterns into one prefilter database, setting aside those Vectorscan cannot take.
    ///
    /// Each pattern is compiled with `HS_FLAG_PREFILTER | HS_FLAG_SINGLEMATCH | HS_FLAG_UTF8 | HS_FLAG_UCP |
    /// HS_FLAG_ALLOWEMPTY`, plus `CASELESS`, `DOTALL` and `MULTILINE` as the pattern asks. Prefilter mode
    /// approximates constructs Vectorscan cannot run exactly (back references, lookaround), but some are still
    /// refused (`\G`, `\K`, `\R`, recursion, conditionals, callouts, very large repeats, …). Those come back in
    /// `rejected` with Vectorscan's message; the caller must treat them as candidates for every text.
    ///
    /// Compiling a big set is slow (seconds to minutes with UCP `\w` and `.{m,n}`): cache the result with
    /// ``serialize()``.
    /// - Parameter patterns: The patterns; their ids must be unique.
    /// - Returns: The database, or `nil` when no pattern was left to compile; and the rejected patterns in
    ///   input order.
    /// - Throws: ``PrefilterError/Code/duplicatePatternID`` when two patterns share an id;
    ///   ``PrefilterError/Code/compileFailed`` when the set fails as a whole (too large, out of memory, CPU
    ///   unsupported), in which case run every rule in PCRE2.
    public static func compile(
        _ patterns: [PrefilterPattern]
    ) throws(PrefilterError) -> (database: PrefilterDatabase?, rejected: [PrefilterRejection]) {
        for pattern in patterns where pattern.id < 0 || UInt32(pattern.id) >= ReportID.ruleLimit {
            throw PrefilterError(
                code: .patternIDOutOfRange,
                message: "pattern ids must be rule indexes from 0 to \(ReportID.ruleLimit - 1)",
                patternID: pattern.id
            )
        }
        var seen = Set<Int32>()
        for pattern in patterns where !seen.insert(pattern.id).inserted {
            throw PrefilterError(
                code: .duplicatePatternID,
                message: "two patterns share this id; give every rule its own index",
                patternID: pattern.id
            )
        }

        // Screen each pattern on its own first: the multi-compile names only one failing pattern per run,
        // and a run over hundreds of rules can take a minute.
        var rejected: [(position: Int, rejection: PrefilterRejection)] = []
        var accepted: [(position: Int, pattern: PrefilterPattern)] = []
        for (position, pattern) in patterns.enumerated() {
            if let reason = singlePatternRejection(pattern) {
                rejected.append((position, PrefilterRejection(patternID: pattern.id, message: reason)))
            } else {
                accepted.append((position, pattern))
            }
        }

        // Some patterns pass the quick check but fail the full compile. Vectorscan names the failing pattern
        // for most errors: drop it and retry. Resource limits ("Resource limit exceeded") name no pattern: find
        // the culprits by halving. Every round removes at least one pattern or throws, so this ends.
        var database: PrefilterDatabase?
        while !accepted.isEmpty, database == nil {
            switch try compileMulti(accepted.map(\.pattern)) {
            case .compiled(let compiled):
                database = compiled
            case .patternFailed(let index, let message):
                let failed = accepted.remove(at: index)
                rejected.append((failed.position, PrefilterRejection(patternID: failed.pattern.id, message: message)))
            case .setFailed(let message, let status):
                let culprits = try isolateFailures(accepted.map(\.pattern), indices: accepted.indices, message: message)
                guard !culprits.isEmpty else {
                    throw PrefilterError(
                        code: .compileFailed,
                        message: "Vectorscan could not compile the \(accepted.count) prefilter patterns together, "
                            + "though each part compiles (\(message)); run every rule in PCRE2 without the "
                            + "prefilter, or split the rule set",
                        vectorscanStatus: status
                    )
                }
                for (index, message) in culprits.sorted(by: { $0.index > $1.index }) {
                    let failed = accepted.remove(at: index)
                    rejected.append(
                        (failed.position, PrefilterRejection(patternID: failed.pattern.id, message: message))
                    )
                }
            }
        }
        rejected.sort { $0.position < $1.position }
        return (database, rejected.map(\.rejection))
    }

    /// The outcome of one `hs_compile_multi` run.
    private enum MultiCompileOutcome {
        case compiled(PrefilterDatabase)
        /// Vectorscan named the pattern (an index into the compiled array).
        case patternFailed(index: Int, message: String)
        /// A compile error that names no pattern, such as a resource limit.
        case setFailed(message: String, status: hs_error_t)
    }

    /// Finds patterns that fail on their own within `indices`, a set that failed without naming a pattern.
    ///
    /// Compiles each half of the range: a half that compiles is clean, a half that names a pattern yields it, a
    /// half that fails anonymously is halved again down to single patterns. Returns an empty list when every
    /// half compiles, meaning only the combination is too big.
    private static func isolateFailures(
        _ patterns: [PrefilterPattern],
        indices: Range<Int>,
        message: String
    ) throws(PrefilterError) -> [(index: Int, message: String)] {
        if indices.count == 1 {
            return [(indices.lowerBound, message)]
        }
        let middle = indices.lowerBound + indices.count / 2
        var culprits: [(index: Int, message: String)] = []
        for half in [indices.lowerBound..<middle, middle..<indices.upperBound] {
            switch try compileMulti(Array(patterns[half])) {
            case .compiled:
                continue
            case .patternFailed(let index, let message):
                culprits.append((half.lowerBound + index, message))
            case .setFailed(let message, _):
                culprits += try isolateFailures(patterns, indices: half, message: message)
            }
        }
        return culprits
    }

    /// The Vectorscan flags for one pattern in prefilter mode.
    static func flags(for pattern: PrefilterPattern) -> UInt32 {
        var flags = HS_FLAG_PREFILTER | HS_FLAG_SINGLEMATCH | HS_FLAG_UTF8 | HS_FLAG_UCP | HS_FLAG_ALLOWEMPTY
        if pattern.caseless { flags |= HS_FLAG_CASELESS }
        if pattern.dotAll { flags |= HS_FLAG_DOTALL }
        if pattern.multiline { flags |= HS_FLAG_MULTILINE }
        return UInt32(flags)
    }

    /// Why one pattern cannot be compiled alone, or `nil` if it can.
    ///
    /// `hs_expression_info` is a fast parse-and-analyse check but is stricter than compilation for some large
    /// repeats (prefilter mode shrinks them only when compiling), so its refusals are confirmed by compiling
    /// the pattern alone.
    private static func singlePatternRejection(_ pattern: PrefilterPattern) -> String? {
        if !pattern.requiredLiterals.isEmpty {
            let unusable = pattern.requiredLiterals.contains { clause in
                clause.isEmpty || clause.contains(where: \.isEmpty)
            }
            if unusable { return "a required-literal clause is empty or holds an empty string, so it cannot filter" }
            if pattern.requiredLiterals.count > ReportID.clauseLimit {
                return "a rule may have at most \(ReportID.clauseLimit) required-literal clauses, not "
                    + "\(pattern.requiredLiterals.count)"
            }
            return nil
        }
        if pattern.pattern.utf8.contains(0) {
            return "the pattern contains a NUL character, which Vectorscan cannot take; write it as \\x00"
        }
        let flags = flags(for: pattern)
        var info: UnsafeMutablePointer<hs_expr_info_t>? = nil
        var error: UnsafeMutablePointer<hs_compile_error_t>? = nil
        if hs_expression_info(pattern.pattern, flags, &info, &error) == HS_SUCCESS {
            free(info)
            return nil
        }
        hs_free_compile_error(error)

        var database: OpaquePointer? = nil
        error = nil
        let status = hs_compile(pattern.pattern, flags, UInt32(HS_MODE_BLOCK), nil, &database, &error)
        if status == HS_SUCCESS {
            hs_free_database(database)
            return nil
        }
        defer { hs_free_compile_error(error) }
        return compileMessage(error, status: status)
    }

    /// Compiles all patterns at once, or names the first one Vectorscan refused.
    private static func compileMulti(_ patterns: [PrefilterPattern]) throws(PrefilterError) -> MultiCompileOutcome {
        let expressions = VectorscanExpressions(patterns)
        // All expressions live in one buffer of NUL-terminated strings so their pointers stay valid together.
        var storage: [CChar] = []
        var offsets: [Int] = []
        offsets.reserveCapacity(expressions.texts.count)
        for text in expressions.texts {
            offsets.append(storage.count)
            storage.append(contentsOf: text.utf8.map { CChar(bitPattern: $0) })
            storage.append(0)
        }
        let flags = expressions.flags
        let ids = expressions.ids

        var database: OpaquePointer? = nil
        var error: UnsafeMutablePointer<hs_compile_error_t>? = nil
        let status = storage.withUnsafeBufferPointer { buffer in
            let expressions: [UnsafePointer<CChar>?] = offsets.map { buffer.baseAddress! + $0 }
            return hs_compile_multi(
                expressions,
                flags,
                ids,
                UInt32(ids.count),
                UInt32(HS_MODE_BLOCK),
                nil,
                &database,
                &error
            )
        }
        if status == HS_SUCCESS, let database {
            return .compiled(PrefilterDatabase(owning: database, shared: expressions.shared))
        }
        defer { hs_free_compile_error(error) }
        let message = compileMessage(error, status: status)
        guard status == HS_COMPILER_ERROR else {
            // Out of memory, an unsupported CPU and the like: no pattern is at fault.
            throw PrefilterError(
                code: .compileFailed,
                message: "Vectorscan could not compile the prefilter (\(message)); run every rule in PCRE2 "
                    + "without the prefilter",
                vectorscanStatus: status
            )
        }
        if let index = error.map({ Int($0.pointee.expression) }), expressions.owners.indices.contains(index) {
            // A shared group names its first pattern; should the group fail again, the next one goes, and so on.
            return .patternFailed(index: expressions.owners[index][0], message: message)
        }
        return .setFailed(message: message, status: status)
    }

    /// Vectorscan's message from a compile error, or a description of the bare status.
    private static func compileMessage(_ error: UnsafeMutablePointer<hs_compile_error_t>?, status: hs_error_t) -> String
    {
        if let message = error?.pointee.message {
            return String(cString: message)
        }
        return VectorscanStatus.explain(status)
    }
}
