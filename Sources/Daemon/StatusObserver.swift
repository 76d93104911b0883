import Batch
import Inbox
import Logging
import Synchronization

/// Turns file outcomes into metrics and the systemd `STATUS=` line
/// ("screened 12 files, 3400 items, 41 flagged; 0 quarantined; last error: …").
public final class StatusObserver: FileOutcomeObserver {
    private struct Counts {
        var files = 0
        var items = 0
        var flagged = 0
        var quarantined = 0
        var failures = 0
        var lastFailure: String?
    }

    private let counts = Mutex(Counts())
    private let notifier: SystemdNotifier
    private let logger: Logger

    /// Creates an observer reporting through `notifier`.
    public init(notifier: SystemdNotifier, logger: Logger) {
        self.notifier = notifier
        self.logger = logger
    }

    /// Records a screened file.
    public func fileScreened(name: String, report: FileReport) async {
        DaemonMetrics.record(report)
        counts.withLock { counts in
            counts.files += 1
            counts.items += report.items
            counts.flagged += report.flagged
            counts.lastFailure = nil
        }
        publish()
    }

    /// Records a quarantined file.
    public func fileQuarantined(name: String, reason: String) async {
        counts.withLock { $0.quarantined += 1 }
        publish()
    }

    /// Records a failure (e.g. disk full): the file stays claimed and is retried.
    public func fileFailed(name: String, error: any Error) async {
        counts.withLock { counts in
            counts.failures += 1
            counts.lastFailure = "\(name): \(error)"
        }
        publish()
    }

    /// The current status text.
    public var status: String {
        counts.withLock { counts in
            var text = "screened \(counts.files) files, \(counts.items) items, \(counts.flagged) flagged; \(counts.quarantined) quarantined"
            if let failure = counts.lastFailure { text += "; failing: \(failure)" }
            return text
        }
    }

    private func publish() {
        try? notifier.notify(.status(status))
    }
}
