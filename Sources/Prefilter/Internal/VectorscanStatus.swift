import CVectorscan

/// Names for `hs_error_t` values, so error messages say more than a number.
enum VectorscanStatus {
    /// A short explanation of a non-success status.
    static func explain(_ status: hs_error_t) -> String {
        switch status {
        case HS_INVALID: "a parameter was invalid"
        case HS_NOMEM: "out of memory"
        case HS_SCAN_TERMINATED: "the scan was terminated by the match callback"
        case HS_COMPILER_ERROR: "the pattern compiler failed"
        case HS_DB_VERSION_ERROR: "the database was built by a different Vectorscan version"
        case HS_DB_PLATFORM_ERROR: "the database was built for a CPU with features this machine lacks"
        case HS_DB_MODE_ERROR: "the database was built for a different scan mode"
        case HS_BAD_ALIGN: "a parameter was not correctly aligned"
        case HS_BAD_ALLOC: "the memory allocator returned misaligned memory"
        case HS_SCRATCH_IN_USE: "the scratch space was already in use by another scan"
        case HS_ARCH_ERROR: "this CPU is not supported by Vectorscan"
        case HS_INSUFFICIENT_SPACE: "a buffer was too small"
        default: "unknown Vectorscan error"
        }
    }
}
