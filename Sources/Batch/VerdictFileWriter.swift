#if canImport(Glibc)
import Glibc
#endif

/// Writes encoded verdict lines to a file descriptor (a temporary file, a `--output` file or
/// standard output), retrying short writes and `EINTR`.
public struct VerdictFileWriter: VerdictSink {
    /// The descriptor written to; not closed by the writer.
    public let fd: Int32
    /// The path, for error messages.
    public let path: String

    /// Creates a writer for an open descriptor.
    public init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    /// The writer needs only the encoded lines.
    public var readsResults: Bool { false }

    /// Writes the batch's encoded lines.
    public mutating func write(_ batch: VerdictBatch) throws {
        try writeAll(batch.encoded)
    }

    /// Writes every byte of `bytes`.
    public func writeAll(_ bytes: [UInt8]) throws(BatchError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                throw Self.error(code, path: path)
            }
            offset += written
        }
    }

    /// The error for a failed write, saying what to do when the file system is the cause.
    static func error(_ code: Int32, path: String) -> BatchError {
        var error = BatchError(.write, path: path, errno: code)
        switch code {
        case ENOSPC, EDQUOT:
            error.message += " (free space on the file system that holds it, or raise the quota)"
        case EFBIG:
            error.message += " (the process's file size limit, RLIMIT_FSIZE / ulimit -f, is too low; raise it)"
        default:
            break
        }
        return error
    }
}
