import Batch

/// Hears what became of each file, for the status line, the review queue or tests.
///
/// Called from the task that handled the file, after the outcome is durable on disk (the verdict
/// file is in `outbox/`, the input in `done/` or `quarantine/`). Keep implementations quick: the
/// file's concurrency slot is held until the call returns.
public protocol FileOutcomeObserver: Sendable {
    /// A file was screened; its verdicts are in `StateDirectory.verdictPath(for: name)`.
    /// - Parameters:
    ///   - name: The file's name as claimed (the name in `done/`).
    ///   - report: The screening counts.
    func fileScreened(name: String, report: FileReport) async

    /// A file could not be screened and was moved to `quarantine/` with a `.reason` file.
    func fileQuarantined(name: String, reason: String) async

    /// Screening or committing a file failed; it stays in `work/` and is tried again later.
    func fileFailed(name: String, error: any Error) async
}
