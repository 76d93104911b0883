import CVectorscan

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A compiled Vectorscan block-mode database over many rule patterns, used to find candidate rules cheaply.
///
/// Built by ``compile(_:)`` or ``deserialize(_:)``; scanned with ``candidates(in:scratch:)`` and a
/// ``PrefilterScratch`` per thread. Every pattern is compiled in prefilter mode, so a scan reports a superset
/// of the rules whose PCRE2 pattern matches: each candidate still needs a PCRE2 confirmation.
///
/// ## Thread safety
/// Vectorscan documents a compiled `hs_database_t` as read-only after compilation: `hs_scan` only reads it and
/// keeps all mutable state in the caller's scratch space. This class never mutates or re-points `pointer`
/// after `init`, and frees it only in `deinit`, when no other reference exists. So one database may be shared
/// by any number of threads at once, which is why it is `@unchecked Sendable`.
public final class PrefilterDatabase: @unchecked Sendable {
    /// The owned `hs_database_t`; valid for the life of this object.
    let pointer: OpaquePointer
    /// The clauses of each shared literal group (see ``ReportID/sharedBit``), flattened: group `g`'s plain ids are
    /// `sharedReports[sharedStarts[g]..<sharedStarts[g + 1]]`.
    let sharedStarts: [Int]
    let sharedReports: [UInt32]

    /// Takes ownership of a database returned by a successful Vectorscan call, with the clauses of each shared
    /// literal group its expressions report.
    convenience init(owning pointer: OpaquePointer, shared: [[UInt32]]) {
        var starts = [0]
        for group in shared { starts.append(starts.last! + group.count) }
        self.init(owning: pointer, sharedStarts: starts, sharedReports: shared.flatMap { $0 })
    }

    private init(owning pointer: OpaquePointer, sharedStarts: [Int], sharedReports: [UInt32]) {
        self.pointer = pointer
        self.sharedStarts = sharedStarts
        self.sharedReports = sharedReports
    }

    deinit {
        hs_free_database(pointer)
    }

    /// The Vectorscan library version, e.g. `5.4.9 2024-…`. Put it in a cache key: serialized databases only
    /// load into the same version.
    public static var engineVersion: String {
        String(cString: hs_version())
    }

    /// Names how expression ids encode rules and clauses (``ReportID``). Put it in a cache key beside
    /// ``engineVersion``: a database written under another encoding would report wrong candidates.
    public static let reportFormat = "r4"

    /// The size of the compiled database in bytes, for logs and metrics.
    public var byteCount: Int {
        var size = 0
        guard hs_database_size(pointer, &size) == HS_SUCCESS else { return 0 }
        return size
    }

    /// Writes the database as bytes for a cache file, to be read back with ``deserialize(_:)``.
    ///
    /// The bytes carry neither the rejected patterns nor the pattern texts: cache those beside them, keyed
    /// by a hash of the patterns and ``engineVersion``.
    public func serialize() -> [UInt8] {
        var bytes: UnsafeMutablePointer<CChar>? = nil
        var length = 0
        let status = hs_serialize_database(pointer, &bytes, &length)
        // Only an allocation failure can fail here (the database is ours and valid); Swift traps on those too.
        guard status == HS_SUCCESS, let bytes else {
            fatalError("hs_serialize_database failed: \(VectorscanStatus.explain(status)) (status \(status))")
        }
        // Vectorscan allocates with its misc allocator, which defaults to malloc; we never change it.
        defer { free(bytes) }
        return SharedGroupTable.encode(starts: sharedStarts, reports: sharedReports)
            + UnsafeRawBufferPointer(start: bytes, count: length)
    }

    /// Reads a database written by ``serialize()``.
    ///
    /// Vectorscan checks the header, version, platform and a CRC of the contents, and the clause table of shared
    /// literal groups before them has its own checksum, so a truncated or corrupted cache file is reported
    /// rather than scanned.
    /// - Throws: ``PrefilterError/Code/invalidDatabase`` when the bytes cannot be used; recompile the rules.
    public static func deserialize(_ bytes: [UInt8]) throws(PrefilterError) -> PrefilterDatabase {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(PrefilterError) in try deserialize(raw) }
        }
        return try result.get()
    }

    /// Reads a database written by ``serialize()`` from memory the caller owns (a mapped cache file, say);
    /// Vectorscan copies what it needs, so the memory may go once this returns.
    /// - Throws: As the `[UInt8]` overload.
    public static func deserialize(_ bytes: UnsafeRawBufferPointer) throws(PrefilterError) -> PrefilterDatabase {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            throw PrefilterError(
                code: .invalidDatabase,
                message: "the cached prefilter database is empty; delete the cache file and recompile the rules"
            )
        }
        guard let table = SharedGroupTable.decode(bytes), table.length < bytes.count else {
            throw PrefilterError(
                code: .invalidDatabase,
                message: "the cached prefilter database has no valid clause table (written by another version of "
                    + "refusald, truncated or corrupt); delete the cache file and recompile the rules"
            )
        }
        var database: OpaquePointer? = nil
        let status = hs_deserialize_database(
            (base + table.length).assumingMemoryBound(to: CChar.self),
            bytes.count - table.length,
            &database
        )
        guard status == HS_SUCCESS, let database else {
            throw PrefilterError(
                code: .invalidDatabase,
                message: "the cached prefilter database cannot be loaded (\(VectorscanStatus.explain(status)); "
                    + "a truncated or corrupt file reads as an invalid parameter); "
                    + "delete the cache file and recompile the rules",
                vectorscanStatus: status
            )
        }
        let result = PrefilterDatabase(owning: database, sharedStarts: table.starts, sharedReports: table.reports)
        guard result.isBlockMode else {
            throw PrefilterError(
                code: .invalidDatabase,
                message: "the cached database was not compiled in block mode, so it was not written by refusald; "
                    + "delete the cache file and recompile the rules",
                vectorscanStatus: HS_DB_MODE_ERROR
            )
        }
        return result
    }

    /// Whether Vectorscan reports this database as a block-mode one, the only mode we scan with.
    private var isBlockMode: Bool {
        var info: UnsafeMutablePointer<CChar>? = nil
        guard hs_database_info(pointer, &info) == HS_SUCCESS, let info else { return false }
        defer { free(info) }
        return String(cString: info).contains("Mode: BLOCK")
    }
}
