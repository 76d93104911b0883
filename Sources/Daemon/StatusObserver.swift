import Batch
import Inbox
import Logging
import Metrics
import Synchronization

/// Turns file outcomes and policy reloads into metrics and the systemd `STATUS=` line
/// ("screened 12 files, 3400 items, 41 flagged; 0 quarantined; 1 failing, retried: NAME: ERROR;
/// policy reload rejected, old policies in force: WHY").
public final class StatusObserver: FileOutcomeObserver {
    private struct State {
        var files = 0
        var items = 0
        var flagged = 0
        var quarantined = 0
        /// Files whose last attempt failed, by work name byte for byte (two names that differ only
        /// in Unicode normalisation are two files), with that failure; they are being retried.
        var failing: [[UInt8]: (name: String, failure: String)] = [:]
        var lastFailing: [UInt8]?
        /// Why the last policy reload was rejected, while it stays the last attempt.
        var policyProblem: String?
    }

    private let state = Mutex(State())
    private let notifier: SystemdNotifier
    private let logger: Logger
    private let filesFailing = Gauge(label: DaemonMetrics.filesFailing)
    private let policyReloadFailing = Gauge(label: DaemonMetrics.policyReloadFailing)

    /// Creates an observer reporting through `notifier`.
    public init(notifier: SystemdNotifier, logger: Logger) {
        self.notifier = notifier
        self.logger = logger
        filesFailing.record(0)
        policyReloadFailing.record(0)
    }

    /// Records a screened file.
    public func fileScreened(name: String, report: FileReport) async {
        DaemonMetrics.record(report)
        let recovered = state.withLock { state in
            state.files += 1
            state.items += report.items
            state.flagged += report.flagged
            return forget(name, in: &state)
        }
        if recovered {
            logger.notice("file screened after earlier failures", metadata: ["file": "\(name)"])
        }
        publish()
    }

    /// Records a quarantined file.
    public func fileQuarantined(name: String, reason: String) async {
        state.withLock { state in
            state.quarantined += 1
            _ = forget(name, in: &state)
        }
        publish()
    }

    /// Records a failure (disk full, review store locked, …): the file stays claimed and is retried.
    public func fileFailed(name: String, error: any Error) async {
        switch FailureCause(error) {
        case .verdictWrite: Counter(label: DaemonMetrics.writeErrors).increment()
        case .reviewQueue: Counter(label: DaemonMetrics.reviewQueueErrors).increment()
        case .other: break
        }
        let failing = state.withLock { state in
            state.failing[Array(name.utf8)] = (name, "\(error)")
            state.lastFailing = Array(name.utf8)
            return state.failing.count
        }
        filesFailing.record(failing)
        publish()
    }

    /// Records a policy set put in force (at start or by a reload).
    public func policiesInForce(digest: String) {
        state.withLock { $0.policyProblem = nil }
        policyReloadFailing.record(0)
        publish()
    }

    /// Records a rejected reload: `problem` says why; the set in force did not change.
    public func policyReloadRejected(_ problem: String) {
        state.withLock { $0.policyProblem = problem }
        policyReloadFailing.record(1)
        publish()
    }

    /// The current status text.
    public var status: String {
        state.withLock { state in
            var text =
                "screened \(state.files) files, \(state.items) items, \(state.flagged) flagged; \(state.quarantined) quarantined"
            if let key = state.lastFailing, let (name, failure) = state.failing[key] {
                text += "; \(state.failing.count) failing, retried: \(name): \(failure)"
            }
            if let problem = state.policyProblem {
                text += "; policy reload rejected, old policies in force: \(problem)"
            }
            return text
        }
    }

    /// Removes `name` from the failing files; whether it was there.
    private func forget(_ name: String, in state: inout State) -> Bool {
        let key = Array(name.utf8)
        guard state.failing.removeValue(forKey: key) != nil else { return false }
        if state.lastFailing == key { state.lastFailing = state.failing.keys.first }
        filesFailing.record(state.failing.count)
        return true
    }

    private func publish() {
        // systemd keeps only the first line of a status; the daemon's own messages can be long.
        let line = status.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ")
        try? notifier.notify(.status(String(line.prefix(1000))))
    }
}

/// What made a file fail, for the metrics: the verdict file (outbox disk) or the review store.
enum FailureCause: Equatable {
    /// Writing, syncing or renaming the verdict file or moving the input (the state directory's disk).
    case verdictWrite
    /// Handing flagged items to the review store.
    case reviewQueue
    /// Anything else (the input could not be read, …).
    case other

    /// Classifies `error` by walking its causes.
    init(_ error: any Error) {
        var current: (any Error)? = error
        while let error = current {
            switch error {
            case let batch as BatchError:
                switch batch.operation {
                case .write: self = .verdictWrite
                case .sink: self = .reviewQueue
                case .open, .read: self = .other
                }
                return
            case let inbox as InboxError:
                if inbox.code == .systemCall {
                    self = .verdictWrite
                    return
                }
                current = inbox.cause
            default:
                current = nil
            }
        }
        self = .other
    }
}
