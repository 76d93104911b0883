import Foundation
import GRDB

/// The review queue: flagged (and audit-sampled) items and every annotator decision, in one SQLite file.
///
/// Opens the file as a GRDB `DatabasePool` (WAL mode, so the daemon, the review server and the CLI can
/// share one file), brings the schema up to date with versioned migrations, and retries writes that find
/// the file locked. All reads and writes are `async`. Time comes from the injected `now` closure, so
/// tests can move leases and sessions past their expiry.
public struct ReviewStore: Sendable {
    /// The database file.
    public let path: String
    /// The tunables in force.
    public let configuration: ReviewStoreConfiguration
    let pool: DatabasePool
    let now: @Sendable () -> Date

    /// Opens (creating if needed) the review database at `path` and migrates it.
    /// - Parameters:
    ///   - path: The SQLite file; its directory must exist.
    ///   - configuration: Review and locking tunables.
    ///   - now: The clock used for leases, sessions and decision times.
    /// - Throws: `ReviewStoreError` with code `.cannotOpen`, `.migrationFailed` or `.invalidInput`.
    public init(
        path: String,
        configuration: ReviewStoreConfiguration = ReviewStoreConfiguration(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        guard (1...2).contains(configuration.requiredReviews) else {
            throw ReviewStoreError(
                .invalidInput,
                "requiredReviews is \(configuration.requiredReviews); set it to 1 or 2"
            )
        }
        self.path = path
        self.configuration = configuration
        self.now = now
        var config = Configuration()
        config.busyMode = .timeout(configuration.busyTimeout)
        config.foreignKeysEnabled = true
        config.label = "refusald.review"
        self.pool = try Self.openPool(path: path, configuration: config)
        try Self.migrate(pool, path: path)
    }

    /// Opens the pool, retrying while another connection holds the file locked. Opening switches the file to WAL
    /// mode, which needs an exclusive lock that SQLite's busy timeout does not wait for: before the retry, four stores
    /// opening a new file at once (as the daemon and `refusald review` may) failed with "database is locked" in 18
    /// of 40 runs.
    private static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        var attempts = 0
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempts < 40 {
                attempts += 1
                Thread.sleep(forTimeInterval: 0.05)
            } catch {
                throw ReviewStoreError(
                    .cannotOpen,
                    "cannot open the review database at \(path): check that its directory exists and is "
                        + "writable, or pass another file with --db",
                    cause: error
                )
            }
        }
    }

    /// Applies pending migrations. Two processes opening a new file at once may both try the first
    /// migration; the loser's transaction fails, and a retry sees the winner's work and skips it.
    private static func migrate(_ pool: DatabasePool, path: String) throws {
        let migrator = ReviewSchema.migrator
        var lastError: (any Error)?
        for _ in 0..<4 {
            do {
                let superseded = try pool.read { try migrator.hasBeenSuperseded($0) }
                if superseded {
                    throw ReviewStoreError(
                        .migrationFailed,
                        "the review database at \(path) was written by a newer refusald; upgrade refusald "
                            + "or point --db at another file"
                    )
                }
                try migrator.migrate(pool)
                return
            } catch let error as ReviewStoreError {
                throw error
            } catch {
                lastError = error
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        throw ReviewStoreError(
            .migrationFailed,
            "cannot bring the review database at \(path) up to date; check that the file is a refusald "
                + "review database and that no other program holds it locked",
            cause: lastError
        )
    }

    /// Runs `updates` in an immediate write transaction, retrying when another connection holds the lock
    /// past the busy timeout.
    func write<T: Sendable>(_ updates: @Sendable (Database) throws -> T) async throws -> T {
        try await retryingWhileBusy { try await pool.write(updates) }
    }

    /// Runs `value` on a read-only snapshot, retrying as ``write(_:)`` does.
    func read<T: Sendable>(_ value: @Sendable (Database) throws -> T) async throws -> T {
        try await retryingWhileBusy { try await pool.read(value) }
    }

    /// Runs `operation` again, after 50 ms doubling up to 800 ms, while another connection holds the lock past
    /// the busy timeout (up to `busyRetries` times); any other database error becomes a ``ReviewStoreError``
    /// naming the file.
    private func retryingWhileBusy<T: Sendable>(_ operation: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await operation()
            } catch let error as DatabaseError where Self.isBusy(error) {
                attempt += 1
                if attempt > configuration.busyRetries {
                    throw busyError(error)
                }
                try await Task.sleep(for: .milliseconds(25 << min(attempt, 5)))
            } catch let error as DatabaseError {
                throw ReviewStoreError(
                    .database,
                    "review database \(path): \(error.message ?? "\(error)")",
                    cause: error
                )
            }
        }
    }

    private static func isBusy(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    private func busyError(_ cause: DatabaseError) -> ReviewStoreError {
        ReviewStoreError(
            .busy,
            "the review database at \(path) stayed locked for \(configuration.busyRetries + 1) tries of "
                + "\(configuration.busyTimeout) s; look for a stuck process holding it (fuser \(path)) and retry",
            cause: cause
        )
    }

    /// The current time as stored in the database (seconds since 1970).
    var nowSeconds: Double { now().timeIntervalSince1970 }
}
