import Batch
import Metrics

/// The swift-metrics instruments of the inbox, created once per service.
struct InboxMetrics: Sendable {
    /// The outcome dimension of `refusald_files_total`.
    enum Outcome: String {
        case screened
        case quarantined
        case failed
    }

    private let screened = Counter(label: "refusald_files_total", dimensions: [("outcome", Outcome.screened.rawValue)])
    private let quarantined = Counter(
        label: "refusald_files_total",
        dimensions: [("outcome", Outcome.quarantined.rawValue)]
    )
    private let failed = Counter(label: "refusald_files_total", dimensions: [("outcome", Outcome.failed.rawValue)])
    private let depth = Gauge(label: "refusald_inbox_depth")
    private let screenDuration = Metrics.Timer(label: "refusald_screen_file_seconds")

    /// Counts one file with the given outcome.
    func count(_ outcome: Outcome) {
        switch outcome {
        case .screened: screened.increment()
        case .quarantined: quarantined.increment()
        case .failed: failed.increment()
        }
    }

    /// Records how many files wait in `inbox/` for a slot.
    func recordDepth(_ files: Int) {
        depth.record(files)
    }

    /// Records the time one file took from start of screening to commit.
    func recordScreening(_ duration: Duration) {
        screenDuration.recordNanoseconds(Self.nanoseconds(duration))
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
