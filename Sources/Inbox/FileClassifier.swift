#if canImport(Glibc)
import Glibc
#endif

/// Decides, before screening, whether a claimed file can be screened at all.
///
/// The file is examined with `lstat` first, so a symbolic link is never followed and a FIFO or a
/// device is never opened; a regular file is then opened with `O_NOFOLLOW | O_NONBLOCK` and
/// checked with `fstat` (the same inode, still regular) before its first 8 KiB are read.
struct FileClassifier: Sendable {
    /// What to do with a file.
    enum Classification: Equatable, Sendable {
        /// A regular, readable, UTF-8 text file within the size limit.
        case screenable
        /// The file cannot be screened; the reason is one human-readable line.
        case quarantine(reason: String)
        /// The file is no longer there (removed by someone else).
        case vanished
    }

    /// How many leading bytes are checked for NUL bytes and UTF-8 validity.
    static let sniffLength = 8 * 1024

    /// Files larger than this are quarantined.
    let maxFileBytes: Int

    /// Classifies the file at `path` whose name in the inbox was `name`.
    /// - Throws: ``InboxError`` for failures that say nothing about the file (`EIO`, `EMFILE`, …):
    ///   the caller retries later instead of quarantining a good file.
    func classify(path: String, name: String) throws -> Classification {
        guard InboxFileName.kind(of: name) == .screenable else {
            let accepted = InboxFileName.screenableExtensions.joined(separator: " and ")
            return .quarantine(reason: "unsupported file type: only \(accepted) files are screened")
        }
        guard let status = try Syscall.lstatIfExists(path) else {
            return .vanished
        }
        if let reason = Self.reason(forType: status.st_mode) {
            return .quarantine(reason: reason)
        }
        let fd: CInt
        do {
            fd = try Syscall.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY)
        } catch let error as InboxError where error.hasErrno(ENOENT) {
            return .vanished
        } catch let error as InboxError where error.hasErrno(EACCES) || error.hasErrno(EPERM) {
            return .quarantine(reason: "unreadable: \(String(cString: strerror(error.errno ?? EACCES)))")
        } catch let error as InboxError where error.hasErrno(ELOOP) {
            return .quarantine(reason: "symbolic link (not followed)")
        }
        defer { Syscall.close(fd) }
        let opened = try Syscall.fstat(fd, path: path)
        if let reason = Self.reason(forType: opened.st_mode) {
            return .quarantine(reason: reason)
        }
        if opened.st_size > maxFileBytes {
            return .quarantine(
                reason: "file too large: \(opened.st_size) bytes, over the limit of \(maxFileBytes) (max_file_bytes)"
            )
        }
        var head = [UInt8](repeating: 0, count: Self.sniffLength)
        var filled = 0
        while filled < head.count {
            let count = try head.withUnsafeMutableBytes { buffer in
                try Syscall.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]), path: path)
            }
            if count == 0 { break }
            filled += count
        }
        return Self.classifyContent(head[0..<filled], isWholeFile: filled < Self.sniffLength)
    }

    /// The reason a file of this type (`st_mode`) cannot be screened, or `nil` for a regular file.
    static func reason(forType mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFLNK: "symbolic link (not followed)"
        case S_IFDIR: "directory, not a file"
        case S_IFIFO: "named pipe (FIFO)"
        case S_IFCHR: "character device"
        case S_IFBLK: "block device"
        case S_IFSOCK: "socket"
        default: "unknown file type"
        }
    }

    /// Checks the first bytes of a file: no NUL byte, valid UTF-8.
    ///
    /// - Parameter isWholeFile: `false` when `bytes` is only the beginning of the file, in which
    ///   case a multi-byte sequence cut at the very end is accepted (the rest is beyond the window).
    static func classifyContent(_ bytes: ArraySlice<UInt8>, isWholeFile: Bool) -> Classification {
        if let nul = bytes.firstIndex(of: 0) {
            return .quarantine(reason: "binary file: NUL byte at offset \(nul - bytes.startIndex)")
        }
        switch UTF8Check.validate(bytes) {
        case .valid:
            return .screenable
        case .truncated(let offset) where isWholeFile:
            return .quarantine(reason: "not UTF-8: incomplete byte sequence at offset \(offset)")
        case .truncated:
            return .screenable
        case .invalid(let offset):
            return .quarantine(reason: "not UTF-8: invalid byte sequence at offset \(offset)")
        }
    }
}
