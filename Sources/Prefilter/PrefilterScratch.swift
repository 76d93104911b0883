import CVectorscan

/// The working memory one scan needs: one per thread or task, never used by two scans at once.
///
/// Allocate it for a database (or several, with ``prepare(for:)``) and reuse it for every scan on that
/// thread or task.
///
/// Deliberately not `Sendable`: Vectorscan writes all per-scan state into the scratch, so two threads scanning
/// with the same one would corrupt each other (Vectorscan's own in-use check is not atomic). Each task that
/// scans allocates its own with ``init(for:)``.
public final class PrefilterScratch {
    /// The owned `hs_scratch_t`; replaced only by ``prepare(for:)``, which Vectorscan may reallocate.
    private(set) var pointer: OpaquePointer
    /// Per rule id, the literal clauses found so far in the current scan; all zero between scans. Kept here so
    /// a scan allocates nothing for it (see ``PrefilterDatabase/candidates(in:scratch:)``).
    var clauseMasks: [UInt8] = []

    /// Allocates scratch space big enough to scan `database`.
    /// - Throws: ``PrefilterError/Code/scratchFailed`` when Vectorscan cannot allocate it.
    public init(for database: PrefilterDatabase) throws(PrefilterError) {
        var scratch: OpaquePointer? = nil
        let status = hs_alloc_scratch(database.pointer, &scratch)
        guard status == HS_SUCCESS, let scratch else {
            throw Self.failure("allocate", status: status)
        }
        self.pointer = scratch
    }

    private init(owning pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        hs_free_scratch(pointer)
    }

    /// Grows this scratch, if needed, so it can also scan `database` (for example after a policy reload).
    /// - Throws: ``PrefilterError/Code/scratchFailed`` when Vectorscan cannot grow it; the old scratch stays
    ///   usable for the databases it was already prepared for.
    public func prepare(for database: PrefilterDatabase) throws(PrefilterError) {
        var scratch: OpaquePointer? = pointer
        let status = hs_alloc_scratch(database.pointer, &scratch)
        guard status == HS_SUCCESS, let scratch else {
            throw Self.failure("grow", status: status)
        }
        pointer = scratch
    }

    /// A new scratch fit for the same databases as this one, for another scan loop on this task.
    ///
    /// Swift keeps the clone in this scratch's isolation region, so it cannot be sent to a child task; a child
    /// task allocates its own with ``init(for:)`` instead.
    /// - Throws: ``PrefilterError/Code/scratchFailed`` when Vectorscan cannot allocate it.
    public func clone() throws(PrefilterError) -> PrefilterScratch {
        var scratch: OpaquePointer? = nil
        let status = hs_clone_scratch(pointer, &scratch)
        guard status == HS_SUCCESS, let scratch else {
            throw Self.failure("clone", status: status)
        }
        return PrefilterScratch(owning: scratch)
    }

    /// The size of the scratch space in bytes, for logs and metrics.
    public var byteCount: Int {
        var size = 0
        guard hs_scratch_size(pointer, &size) == HS_SUCCESS else { return 0 }
        return size
    }

    private static func failure(_ action: String, status: hs_error_t) -> PrefilterError {
        PrefilterError(
            code: .scratchFailed,
            message: "could not \(action) Vectorscan scratch space (\(VectorscanStatus.explain(status))); "
                + "check free memory, and that the database came from compile or deserialize on this machine",
            vectorscanStatus: status
        )
    }
}

@available(*, unavailable, message: "a scratch is per thread: allocate one in each task with init(for:)")
extension PrefilterScratch: Sendable {}
