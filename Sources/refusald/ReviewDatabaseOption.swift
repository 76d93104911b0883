import ArgumentParser
import Foundation
import Inbox
import ReviewStore

/// `--db FILE` for every review command, defaulting to the state directory's `review.sqlite`: the one in
/// `--config`'s `state_dir` (the daemon's own file), else `$REFUSALD_STATE_DIR`, else `/var/lib/refusald`.
struct ReviewDatabaseOption: ParsableArguments {
    @Option(
        name: .long,
        help: "Review database (default: $REFUSALD_STATE_DIR/review.sqlite or /var/lib/refusald/review.sqlite)."
    )
    var db: String?

    @Option(
        name: .long,
        help: "The daemon's configuration file: its `state_dir` holds the review database (--db wins)."
    )
    var config: String?

    @Option(
        name: .long,
        help: "Distinct annotators needed before an item is decided (1 or 2; with 2, disagreement escalates)."
    )
    var requiredReviews: Int = 1

    /// The database file, or exits 2 when `--config` cannot be read.
    func resolvedPath() throws -> String {
        if let db { return db }
        if let config {
            do {
                return try DaemonConfiguration.load(file: config).stateDirectory + "/review.sqlite"
            } catch {
                StandardError.print("refusald: invalid configuration: \(error)")
                throw ExitStatus.error
            }
        }
        let state = ProcessInfo.processInfo.environment["REFUSALD_STATE_DIR"] ?? "/var/lib/refusald"
        return state + "/review.sqlite"
    }

    /// Opens the store, or exits 2 with the reason.
    func open() throws -> ReviewStore {
        let path = try resolvedPath()
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
            StandardError.print("refusald: the directory of the review database does not exist: \(directory)")
            throw ExitStatus.error
        }
        do {
            return try ReviewStore(
                path: path,
                configuration: ReviewStoreConfiguration(requiredReviews: requiredReviews)
            )
        } catch {
            StandardError.print("refusald: cannot open the review database \(path): \(error)")
            throw ExitStatus.error
        }
    }
}
