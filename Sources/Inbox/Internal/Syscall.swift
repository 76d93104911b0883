#if canImport(Glibc)
import Glibc
#endif

/// The only place where the `Inbox` module calls the C library.
///
/// Every call is retried on `EINTR` (a signal landing in the middle of a slow `read` or `fsync` is
/// not a failure) and every failure becomes an ``InboxError`` naming the operation and the path,
/// so a message in the log says "rename /srv/inbox/a.jsonl → /srv/work/a.jsonl failed: …".
enum Syscall {
    /// Runs `body` until it returns something other than -1 with `errno == EINTR`.
    @discardableResult
    static func retrying<T: FixedWidthInteger & SignedInteger>(
        _ operation: String,
        _ path: String?,
        _ body: () -> T
    ) throws -> T {
        while true {
            let result = body()
            if result != -1 {
                return result
            }
            let code = Glibc.errno
            if code != EINTR {
                throw InboxError.systemCall(operation, path: path, errno: code)
            }
        }
    }

    // MARK: Files

    /// Opens `path`; `O_CLOEXEC` is always added so descriptors never leak into child processes.
    static func open(_ path: String, _ flags: CInt, mode: mode_t = 0) throws -> CInt {
        try retrying("open", path) { Glibc.open(path, flags | O_CLOEXEC, mode) }
    }

    /// Closes `fd`. Not retried: on Linux the descriptor is gone even when `close` reports `EINTR`.
    static func close(_ fd: CInt) {
        _ = Glibc.close(fd)
    }

    /// Reads up to `buffer.count` bytes; returns 0 at end of file.
    static func read(_ fd: CInt, into buffer: UnsafeMutableRawBufferPointer, path: String?) throws -> Int {
        try retrying("read", path) { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// Writes all of `bytes`, looping over short writes.
    static func writeAll(_ fd: CInt, _ bytes: [UInt8], path: String?) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                offset += try retrying("write", path) {
                    Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                }
            }
        }
    }

    /// Flushes a file's data and metadata to the disk.
    static func fsync(_ fd: CInt, path: String?) throws {
        try retrying("fsync", path) { Glibc.fsync(fd) }
    }

    /// Flushes a directory, making the renames and creations inside it durable.
    static func fsyncDirectory(_ path: String) throws {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try fsync(fd, path: path)
    }

    /// Opens `path` read-only and flushes it (the verdict file the screening function has closed).
    static func fsyncFile(_ path: String) throws {
        let fd = try open(path, O_RDONLY | O_NOFOLLOW)
        defer { close(fd) }
        try fsync(fd, path: path)
    }

    /// Truncates an open file.
    static func ftruncate(_ fd: CInt, path: String?) throws {
        try retrying("ftruncate", path) { Glibc.ftruncate(fd, 0) }
    }

    /// Status of an open file.
    static func fstat(_ fd: CInt, path: String?) throws -> stat {
        var status = stat()
        try retrying("fstat", path) { Glibc.fstat(fd, &status) }
        return status
    }

    /// Status of `path` itself, not of what a symbolic link points to.
    static func lstat(_ path: String) throws -> stat {
        var status = stat()
        try retrying("lstat", path) { Glibc.lstat(path, &status) }
        return status
    }

    /// Status of `path`, or `nil` when it does not exist.
    static func lstatIfExists(_ path: String) throws -> stat? {
        do {
            return try lstat(path)
        } catch let error as InboxError where error.hasErrno(ENOENT) {
            return nil
        }
    }

    /// Sets a file's access and modification times to now, without following a symbolic link.
    static func touch(_ path: String) throws {
        try retrying("utimensat", path) { Glibc.utimensat(AT_FDCWD, path, nil, AT_SYMLINK_NOFOLLOW) }
    }

    /// Takes or releases an advisory `flock` lock.
    static func flock(_ fd: CInt, _ operation: CInt, path: String?) throws {
        // In Swift, `flock` names the fcntl struct; the function is looked up in the C library.
        guard let flockFunction else {
            throw InboxError.systemCall("flock", path: path, errno: ENOSYS)
        }
        try retrying("flock", path) { flockFunction(fd, operation) }
    }

    /// The wall-clock time since the epoch (compared with file timestamps, which are wall-clock too).
    static func wallClockNow() -> Duration {
        var now = timespec()
        _ = Glibc.clock_gettime(CLOCK_REALTIME, &now)
        return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
    }

    /// The wall-clock time in whole seconds since the epoch.
    static func wallClockSeconds() -> Int {
        Int(wallClockNow().components.seconds)
    }

    // MARK: Directories and names

    /// Creates a directory; returns `false` when it already existed.
    @discardableResult
    static func mkdir(_ path: String, mode: mode_t) throws -> Bool {
        do {
            try retrying("mkdir", path) { Glibc.mkdir(path, mode) }
            return true
        } catch let error as InboxError where error.hasErrno(EEXIST) {
            return false
        }
    }

    /// Changes the permission bits of `path`.
    static func chmod(_ path: String, mode: mode_t) throws {
        try retrying("chmod", path) { Glibc.chmod(path, mode) }
    }

    /// Renames atomically, replacing `to` if it exists.
    static func rename(_ from: String, _ to: String) throws {
        try retrying("rename", "\(from) → \(to)") { Glibc.rename(from, to) }
    }

    /// Renames atomically, failing with `EEXIST` instead of replacing `to`.
    ///
    /// `renameat2` is not in the Glibc module map, so it is looked up once in the C library.
    static func renameNoReplace(_ from: String, _ to: String) throws {
        guard let renameat2 = renameat2Function else {
            // Kernels and C libraries older than 2014: check-then-rename is the best available.
            if try lstatIfExists(to) != nil {
                throw InboxError.systemCall("rename", path: "\(from) → \(to)", errno: EEXIST)
            }
            return try rename(from, to)
        }
        try retrying("renameat2", "\(from) → \(to)") { renameat2(AT_FDCWD, from, AT_FDCWD, to, renameNoReplaceFlag) }
    }

    /// Renames `directory/name`, a name given as bytes (it need not be UTF-8), to `to`; fails
    /// with `EEXIST` instead of replacing.
    static func renameNoReplace(rawName name: [UInt8], in directory: String, to: String) throws {
        let from = (Array(directory.utf8) + [UInt8(ascii: "/")] + name + [0]).map { CChar(bitPattern: $0) }
        let description = "\(directory)/\(String(decoding: name, as: UTF8.self)) → \(to)"
        guard let renameat2 = renameat2Function else {
            if try lstatIfExists(to) != nil {
                throw InboxError.systemCall("rename", path: description, errno: EEXIST)
            }
            try retrying("rename", description) { Glibc.rename(from, to) }
            return
        }
        try retrying("renameat2", description) { renameat2(AT_FDCWD, from, AT_FDCWD, to, renameNoReplaceFlag) }
    }

    /// Removes a file (never a directory).
    static func unlink(_ path: String) throws {
        try retrying("unlink", path) { Glibc.unlink(path) }
    }

    /// Removes a file if it exists; returns whether it did.
    @discardableResult
    static func unlinkIfExists(_ path: String) throws -> Bool {
        do {
            try unlink(path)
            return true
        } catch let error as InboxError where error.hasErrno(ENOENT) {
            return false
        }
    }

    /// The names in a directory, without `.` and `..`, in no particular order.
    static func listDirectory(_ path: String) throws -> [String] {
        var names: [String] = []
        try forEachEntryName(in: path) { name in
            let text = String(decoding: name, as: UTF8.self)
            if text != "." && text != ".." { names.append(text) }
        }
        return names
    }

    /// The entries of a directory whose names are not valid UTF-8, as bytes, with their `lstat`.
    /// ``listDirectory(_:)`` repairs such a name into one that names no file.
    static func undecodableEntries(in path: String) throws -> [(name: [UInt8], status: stat)] {
        var entries: [(name: [UInt8], status: stat)] = []
        try forEachEntryName(in: path) { name in
            guard UTF8Check.validate(name[...]) != .valid else { return }
            let fullPath = (Array(path.utf8) + [UInt8(ascii: "/")] + name + [0]).map { CChar(bitPattern: $0) }
            var status = stat()
            if Glibc.lstat(fullPath, &status) == 0 {
                entries.append((name, status))
            }
        }
        return entries
    }

    /// Calls `body` with the raw bytes of every name `readdir` returns for `path` (`.` and `..` included),
    /// mapping `opendir` and `readdir` failures to ``InboxError``.
    private static func forEachEntryName(in path: String, _ body: ([UInt8]) throws -> Void) throws {
        guard let directory = Glibc.opendir(path) else {
            throw InboxError.systemCall("opendir", path: path, errno: Glibc.errno)
        }
        defer { Glibc.closedir(directory) }
        while true {
            Glibc.errno = 0
            guard let entry = Glibc.readdir(directory) else {
                if Glibc.errno != 0 {
                    throw InboxError.systemCall("readdir", path: path, errno: Glibc.errno)
                }
                return
            }
            try body(withUnsafeBytes(of: &entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) })
        }
    }

    // MARK: Events and sockets

    /// A non-blocking inotify instance.
    static func inotifyInit() throws -> CInt {
        try retrying("inotify_init1", nil) { Glibc.inotify_init1(CInt(IN_NONBLOCK | IN_CLOEXEC)) }
    }

    /// Watches `path` for the events in `mask`.
    static func inotifyAddWatch(_ fd: CInt, _ path: String, mask: UInt32) throws -> CInt {
        try retrying("inotify_add_watch", path) { Glibc.inotify_add_watch(fd, path, mask) }
    }

    /// A close-on-exec pipe, used to wake a thread blocked in `poll`.
    static func pipe() throws -> (read: CInt, write: CInt) {
        var fds: [CInt] = [-1, -1]
        try retrying("pipe", nil) { Glibc.pipe(&fds) }
        for fd in fds {
            try retrying("fcntl", nil) { Glibc.fcntl(fd, F_SETFD, FD_CLOEXEC) }
            try retrying("fcntl", nil) { Glibc.fcntl(fd, F_SETFL, O_NONBLOCK) }
        }
        return (fds[0], fds[1])
    }

    /// Waits for one of `fds` to be ready; returns the number ready (0 on timeout).
    static func poll(_ fds: inout [pollfd], timeoutMilliseconds: CInt) throws -> CInt {
        try retrying("poll", nil) { Glibc.poll(&fds, nfds_t(fds.count), timeoutMilliseconds) }
    }

    /// A close-on-exec socket.
    static func socket(domain: CInt, type: CInt) throws -> CInt {
        try retrying("socket", nil) { Glibc.socket(domain, type | CInt(SOCK_CLOEXEC.rawValue), 0) }
    }

    /// Sends one datagram to a Unix socket address.
    static func sendto(_ fd: CInt, _ bytes: [UInt8], address: sockaddr_un, length: socklen_t, path: String) throws {
        var address = address
        _ = try bytes.withUnsafeBytes { raw in
            try withUnsafePointer(to: &address) { pointer in
                try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    try retrying("sendto", path) {
                        Glibc.sendto(fd, raw.baseAddress, raw.count, CInt(MSG_NOSIGNAL), socketAddress, length)
                    }
                }
            }
        }
    }
}

private typealias RenameAt2 =
    @convention(c) (
        CInt, UnsafePointer<CChar>?, CInt, UnsafePointer<CChar>?, CUnsignedInt
    ) -> CInt

private typealias Flock = @convention(c) (CInt, CInt) -> CInt

/// `flock(2)` from the C library (the Glibc module only exposes `struct flock`).
private let flockFunction: Flock? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "flock").map {
    unsafeBitCast($0, to: Flock.self)
}

/// `RENAME_NOREPLACE` from `<linux/fs.h>`.
private let renameNoReplaceFlag: CUnsignedInt = 1

/// `renameat2` from the C library (glibc ≥ 2.28), found through `RTLD_DEFAULT`.
private let renameat2Function: RenameAt2? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2").map {
    unsafeBitCast($0, to: RenameAt2.self)
}
