import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Faults the end-to-end tests inflict on a running daemon from outside, as an operator's
/// machine would: a file size limit (the disk "fills up" for that process only), a review
/// database held locked by another program.
enum FaultInjection {
    /// Sets the soft `RLIMIT_FSIZE` of process `pid` with util-linux `prlimit --pid PID --fsize=SOFT:`
    /// (Glibc's `prlimit(2)` wrapper does not import into Swift): every write of that process past
    /// `bytes` into any file then fails with `EFBIG` (or raises SIGXFSZ). The hard limit is left
    /// alone, so the soft one can be raised again without privileges.
    /// - Parameter bytes: the new soft limit, `nil` for unlimited (up to the hard limit).
    static func setFileSizeLimit(of pid: pid_t, to bytes: Int?) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
        process.arguments = ["--pid", "\(pid)", "--fsize=\(bytes.map(String.init) ?? "unlimited"):"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DaemonTestError(
                "\(process.arguments!.joined(separator: " ")): \(String(decoding: data, as: UTF8.self))"
            )
        }
    }

    /// The `sqlite3` shell, needed to hold a review database locked (Debian package `sqlite3`).
    static var sqlite3: URL? {
        ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/bin/sqlite3"].map(URL.init(fileURLWithPath:)).first {
            FileManager.default.isExecutableFile(atPath: $0.path)
        }
    }

    /// Runs one `sqlite3` command line on `database` and returns its status and output.
    static func sqlite(_ database: URL, _ sql: String) throws -> (status: Int32, output: String) {
        guard let sqlite3 else { throw DaemonTestError("sqlite3 is not installed (apt-get install sqlite3)") }
        let process = Process()
        process.executableURL = sqlite3
        process.arguments = [database.path, sql]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Whether another connection holds the write lock of `database` right now.
    static func isWriteLocked(_ database: URL) throws -> Bool {
        let probe = try sqlite(database, "PRAGMA busy_timeout = 0; BEGIN IMMEDIATE; ROLLBACK;")
        return probe.status != 0 && probe.output.contains("locked")
    }
}

/// A `sqlite3` shell holding an exclusive transaction open on a database, as a stuck admin
/// session or a slow batch job would, until ``release()``.
final class SQLiteLockHolder: @unchecked Sendable {
    // Only the test's own task touches an instance.
    private let process = Process()
    private let input = Pipe()

    /// Starts `sqlite3 DATABASE`, runs `BEGIN EXCLUSIVE;` and waits until the lock is really held.
    init(database: URL) async throws {
        guard let sqlite3 = FaultInjection.sqlite3 else {
            throw DaemonTestError("sqlite3 is not installed (apt-get install sqlite3)")
        }
        process.executableURL = sqlite3
        process.arguments = [database.path]
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The shell's busy timeout is 0 by default: had the daemon been writing at this instant, BEGIN would fail
        // once and never be retried (seen once in a full `make test`). Wait for the lock like a real client.
        input.fileHandleForWriting.write(Data(".timeout 8000\nBEGIN EXCLUSIVE;\n".utf8))
        let locked = try await DaemonProcess.poll(timeout: .seconds(10), every: .milliseconds(50)) {
            try FaultInjection.isWriteLocked(database)
        }
        guard locked else {
            release()
            throw DaemonTestError("sqlite3 did not get the write lock of \(database.path) within 10 s")
        }
    }

    /// Ends the transaction and the shell (idempotent); the lock is gone when this returns.
    func release() {
        guard process.isRunning else { return }
        try? input.fileHandleForWriting.write(contentsOf: Data("ROLLBACK;\n.quit\n".utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit { release() }
}
