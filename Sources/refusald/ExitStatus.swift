import ArgumentParser

/// The exit codes refusald documents in `--help`; they are a contract for scripts.
enum ExitStatus {
    /// Everything passed.
    static let pass = ExitCode(0)
    /// Something was flagged, or a check (lint, tests) failed.
    static let flagged = ExitCode(1)
    /// Bad policy, bad configuration, unreadable input, or error verdicts.
    static let error = ExitCode(2)
}
