#if canImport(Glibc)
import Glibc
#endif

/// The daemon's state directory: `inbox/`, `work/`, `outbox/`, `done/` and `quarantine/`.
///
/// Producers drop files into `inbox/`; a claimed file sits in `work/` while it is screened; its
/// verdicts land in `outbox/<stem>.verdicts.jsonl`; the screened input moves to `done/` (kept for
/// the retention period); files that cannot be screened go to `quarantine/` with a `.reason` file.
public struct StateDirectory: Sendable, Hashable {
    /// The permission bits of every directory the daemon creates: owner all, group read/search.
    public static let directoryMode: mode_t = 0o750

    /// The state directory itself.
    public let path: String

    /// Creates a value for the state directory at `path`; nothing is touched on disk.
    public init(path: String) {
        self.path = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// Where producers drop files.
    public var inbox: String { path + "/inbox" }
    /// Claimed files being screened.
    public var work: String { path + "/work" }
    /// Verdict files.
    public var outbox: String { path + "/outbox" }
    /// Screened inputs, kept for the retention period.
    public var done: String { path + "/done" }
    /// Files that cannot be screened, each with a `.reason` file.
    public var quarantine: String { path + "/quarantine" }
    /// The lock file that keeps a second daemon away.
    public var lockFile: String { path + "/state.lock" }

    /// The five subdirectories, in the order they are created.
    public var subdirectories: [String] { [inbox, work, outbox, done, quarantine] }

    /// The verdict file of a screened input named `name` (as claimed in `work/`).
    public func verdictPath(for name: String) -> String {
        outbox + "/" + InboxFileName.verdictName(for: name)
    }

    /// Creates the state directory (and missing parents) and its subdirectories, mode 0750.
    ///
    /// Directories that already exist keep their permissions: an administrator may have widened
    /// `inbox/` on purpose so that producers in another group can drop files.
    /// - Throws: ``InboxError`` with code `systemCall` when a directory cannot be created.
    public func create() throws {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if try Syscall.mkdir(prefix, mode: Self.directoryMode) {
                try Syscall.chmod(prefix, mode: Self.directoryMode)
            }
        }
        for directory in subdirectories {
            // mkdir's mode is filtered by the umask; the documented mode is set explicitly.
            if try Syscall.mkdir(directory, mode: Self.directoryMode) {
                try Syscall.chmod(directory, mode: Self.directoryMode)
            }
        }
    }

    /// Takes the exclusive lock of this state directory for the life of the returned value.
    ///
    /// - Throws: ``InboxError`` with code `stateDirectoryLocked`, naming the directory and the pid
    ///   of the daemon that holds it, when another process already holds the lock.
    public func lock() throws -> StateDirectoryLock {
        try StateDirectoryLock(directory: self)
    }
}

/// An exclusive `flock` on `state.lock`, released when this value is deallocated (or the process ends).
///
/// The file holds the pid of the daemon that has the lock, so the refusal can say who holds it.
public final class StateDirectoryLock: Sendable {
    /// The locked state directory.
    public let directory: StateDirectory
    private let fd: CInt

    init(directory: StateDirectory) throws {
        self.directory = directory
        let path = directory.lockFile
        let fd = try Syscall.open(path, O_RDWR | O_CREAT | O_NOFOLLOW, mode: 0o640)
        do {
            try Syscall.flock(fd, LOCK_EX | LOCK_NB, path: path)
        } catch let error as InboxError where error.hasErrno(EWOULDBLOCK) {
            let holder = Self.readPID(fd: fd, path: path).map { "pid \($0)" } ?? "another process"
            Syscall.close(fd)
            throw InboxError(
                code: .stateDirectoryLocked,
                message: "the state directory \(directory.path) is already in use by \(holder) "
                    + "(lock file \(path)); stop that daemon first or choose another --state-dir",
                path: directory.path,
                cause: error
            )
        } catch {
            Syscall.close(fd)
            throw error
        }
        do {
            try Syscall.ftruncate(fd, path: path)
            try Syscall.writeAll(fd, Array("\(getpid())\n".utf8), path: path)
        } catch {
            Syscall.close(fd)
            throw error
        }
        self.fd = fd
    }

    deinit {
        Syscall.close(fd)
    }

    private static func readPID(fd: CInt, path: String) -> Int? {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = (try? bytes.withUnsafeMutableBytes { try Syscall.read(fd, into: $0, path: path) }) ?? 0
        let text = String(decoding: bytes.prefix(count), as: UTF8.self)
        return Int(text.split(separator: "\n").first ?? "")
    }
}
