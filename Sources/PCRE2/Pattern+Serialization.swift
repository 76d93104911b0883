import CPCRE2

/// Compiled patterns saved as bytes and loaded again without compiling (pcre2serialize).
///
/// The bytes are a dump of PCRE2's compiled code: they load only into the same PCRE2 version (``libraryVersion``
/// belongs in any cache key), and PCRE2 checks little more than a magic number and the version, so they must come
/// from a trusted place (the caller's own cache, guarded by a checksum). JIT code is not saved: a loaded pattern
/// JIT-compiles on its first match, as a compiled one does.
extension Pattern {
    /// The PCRE2 library version, e.g. `10.42 2022-12-11`.
    public static var libraryVersion: String {
        let length = pcre2_config_8(UInt32(PCRE2_CONFIG_VERSION), nil)
        guard length > 0 else { return "unknown" }
        var buffer = [UInt8](repeating: 0, count: Int(length))
        pcre2_config_8(UInt32(PCRE2_CONFIG_VERSION), &buffer)
        return String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// The compiled code of `patterns`, in order, as one byte string for ``deserialize(_:as:)``.
    /// - Throws: ``PCRE2Error`` with code `.serialization` when PCRE2 refuses (no patterns, no memory).
    public static func serialize(_ patterns: [Pattern]) throws(PCRE2Error) -> [UInt8] {
        var codes: [OpaquePointer?] = patterns.map { $0.code }
        var bytes: UnsafeMutablePointer<UInt8>?
        var size = 0
        let result = codes.withUnsafeMutableBufferPointer { codes in
            pcre2_serialize_encode_8(codes.baseAddress, Int32(codes.count), &bytes, &size, nil)
        }
        guard result == Int32(patterns.count), let bytes else {
            throw PCRE2Error(code: .serialization(code: result), message: "cannot serialize: \(pcre2Message(result))")
        }
        defer { pcre2_serialize_free_8(bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }

    /// Patterns decoded from bytes made by ``serialize(_:)``: `entries` gives, in the same order, the source each was
    /// compiled from and the options to match with (JIT or not; caselessness is part of the compiled code).
    ///
    /// Each decoded pattern is copied with its own character tables: decoded patterns share one table whose
    /// reference count PCRE2 does not lock, and a policy set's patterns may be freed on any thread.
    /// - Throws: ``PCRE2Error`` with code `.serialization` when the bytes are not from this PCRE2 version, are
    ///   malformed, or hold a different number of patterns than `entries`.
    public static func deserialize(
        _ bytes: UnsafeRawBufferPointer,
        as entries: [(source: String, options: PatternOptions)]
    ) throws(PCRE2Error) -> [Pattern] {
        // The header PCRE2 reads first: magic, version, config, then the pattern count (pcre2_serialize.c).
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count >= 16 else {
            throw PCRE2Error(code: .serialization(code: PCRE2_ERROR_BADDATA), message: "serialized patterns truncated")
        }
        let count = pcre2_serialize_get_number_of_codes_8(base)
        guard count == Int32(entries.count) else {
            let message =
                count < 0
                ? "cannot decode serialized patterns: \(pcre2Message(count))"
                : "serialized patterns hold \(count) patterns, expected \(entries.count)"
            throw PCRE2Error(code: .serialization(code: min(count, 0)), message: message)
        }
        var decoded = [OpaquePointer?](repeating: nil, count: entries.count)
        let result = decoded.withUnsafeMutableBufferPointer { codes in
            pcre2_serialize_decode_8(codes.baseAddress, count, base, nil)
        }
        defer { for code in decoded { pcre2_code_free_8(code) } }
        guard result == count else {
            throw PCRE2Error(
                code: .serialization(code: result),
                message: "cannot decode serialized patterns: \(pcre2Message(result))"
            )
        }
        var patterns: [Pattern] = []
        patterns.reserveCapacity(entries.count)
        for (code, entry) in zip(decoded, entries) {
            guard let copy = pcre2_code_copy_with_tables_8(code) else {
                throw PCRE2Error(code: .outOfMemory, message: "PCRE2 ran out of memory copying a decoded pattern")
            }
            patterns.append(Pattern(taking: copy, source: entry.source, options: entry.options))
        }
        return patterns
    }
}
