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
                if errno == EINTR { continue }
                throw BatchError(.write, path: path, errno: errno)
            }
            offset += written
        }
    }
}
