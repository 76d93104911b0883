/// The claim → screen → commit cycle of every file, as a pure state machine.
///
/// It performs no I/O: each method takes an event (a file was discovered, a rename succeeded,
/// screening finished, shutdown began, …) and returns the actions the service must carry out.
/// It guarantees the invariants the daemon's exactly-once promise rests on:
/// - a name in `inbox/` is claimed at most once at a time, however many events mention it;
/// - at most `concurrency` files are in flight (being claimed, screened, committed or quarantined);
/// - files already claimed (recovered from `work/` on start, or due for a retry) go first;
/// - once shutdown begins nothing new is claimed or started; in-flight files finish within the
///   grace period or are abandoned in `work/`, where the next start recovers them.
struct ClaimStateMachine: Sendable {
    /// Tunables.
    struct Configuration: Sendable, Equatable {
        /// How many files may be in flight at once (at least 1).
        var concurrency: Int
        /// The delay before the first retry of a failed file; doubled at each further failure.
        var retryBase: Duration = .seconds(1)
        /// The longest delay between two retries.
        var retryCap: Duration = .seconds(300)
    }

    /// What the service must do next.
    enum Action: Sendable, Equatable {
        /// Rename `inbox/<name>` into `work/` (under a name not in use) and report the result.
        case claim(String)
        /// Classify `work/<name>` and screen it into a temporary verdict file.
        case screen(String)
        /// fsync the verdict file, rename it into `outbox/`, fsync, move the input to `done/`.
        case commit(String)
        /// Write the reason file and move `work/<name>` to `quarantine/`.
        case quarantine(String, reason: String)
        /// Report ``ClaimStateMachine/retryDue(_:)`` for this file after the delay.
        case scheduleRetry(String, after: Duration)
        /// Report ``ClaimStateMachine/graceExpired()`` after the grace period.
        case startGracePeriod
        /// The grace period is over: cancel the work on these files (they stay in `work/`) and stop.
        case abandon([String])
        /// Nothing is in flight any more: the service may return.
        case stop
    }

    /// Where an in-flight file is in its cycle.
    enum Phase: Sendable, Equatable {
        case screening
        case committing
        case quarantining
    }

    private enum Lifecycle {
        case running
        case draining
        case stopped
    }

    let configuration: Configuration
    private var lifecycle = Lifecycle.running
    /// Inbox names waiting for a slot, in discovery order.
    private var pending = FIFO<String>()
    // Names are tracked byte for byte (``ExactFileName``): two names that differ only in Unicode
    // normalisation are two files.
    private var pendingNames: Set<ExactFileName> = []
    /// Inbox names whose claim (rename) is under way.
    private var claimingNames: Set<ExactFileName> = []
    /// Claimed files (work names) waiting for a slot: recovered on start or due for a retry.
    private var ready = FIFO<String>()
    private var readyNames: Set<ExactFileName> = []
    /// Claimed files (work names) being handled.
    private var phases: [ExactFileName: Phase] = [:]
    /// Claimed files (work names) waiting for their retry delay.
    private var retrying: Set<ExactFileName> = []
    private var failures: [ExactFileName: Int] = [:]

    /// Inbox names whose claim (rename) is under way.
    var claiming: Set<String> { Set(claimingNames.map(\.name)) }
    /// Claimed files (work names) being handled, and where each is in its cycle.
    var inFlight: [String: Phase] { Dictionary(phases.map { ($0.key.name, $0.value) }) { first, _ in first } }
    /// Claimed files (work names) waiting for their retry delay.
    var waitingForRetry: Set<String> { Set(retrying.map(\.name)) }

    /// Creates a machine in the running state.
    init(configuration: Configuration) {
        precondition(configuration.concurrency >= 1, "concurrency must be at least 1")
        self.configuration = configuration
    }

    /// Files in `inbox/` known and waiting for a slot (the inbox depth).
    var queuedCount: Int { pending.count }
    /// Files occupying a slot.
    var slotsInUse: Int { claimingNames.count + phases.count }
    /// Whether the machine has stopped (nothing more will happen).
    var isStopped: Bool { lifecycle == .stopped }
    /// Whether shutdown has begun.
    var isShuttingDown: Bool { lifecycle != .running }

    // MARK: Discovery

    /// A name was seen in `inbox/` (event or scan). Duplicates and ignored names are dropped.
    mutating func discovered(_ name: String) -> [Action] {
        guard lifecycle == .running, InboxFileName.kind(of: name) != .ignored,
            !pendingNames.contains(ExactFileName(name)), !claimingNames.contains(ExactFileName(name))
        else {
            return []
        }
        pending.append(name)
        pendingNames.insert(ExactFileName(name))
        return fillSlots()
    }

    /// A file was found in `work/` on start: a previous run claimed it and did not finish.
    mutating func recovered(_ workName: String) -> [Action] {
        guard lifecycle == .running, !isKnownClaimed(workName) else {
            return []
        }
        enqueueReady(workName)
        return fillSlots()
    }

    // MARK: Claim

    /// The rename into `work/` succeeded; the file is now called `workName` there.
    mutating func claimSucceeded(_ name: String, as workName: String) -> [Action] {
        guard claimingNames.remove(ExactFileName(name)) != nil else {
            return []
        }
        phases[ExactFileName(workName)] = .screening
        return [.screen(workName)]
    }

    /// The rename failed (the file vanished or another process took it): forget the name.
    mutating func claimFailed(_ name: String) -> [Action] {
        guard claimingNames.remove(ExactFileName(name)) != nil else {
            return []
        }
        return fillSlots() + stopIfDrained()
    }

    // MARK: Screening and commit

    /// Screening finished and the verdicts are in the temporary file.
    mutating func screened(_ workName: String) -> [Action] {
        guard lifecycle != .stopped, phases[ExactFileName(workName)] == .screening else {
            return []
        }
        phases[ExactFileName(workName)] = .committing
        return [.commit(workName)]
    }

    /// The classifier refused the file.
    mutating func rejected(_ workName: String, reason: String) -> [Action] {
        guard lifecycle != .stopped, phases[ExactFileName(workName)] == .screening else {
            return []
        }
        phases[ExactFileName(workName)] = .quarantining
        return [.quarantine(workName, reason: reason)]
    }

    /// The verdicts are in `outbox/` and the input in `done/`.
    mutating func committed(_ workName: String) -> [Action] {
        finish(workName, expecting: .committing)
    }

    /// The file and its reason are in `quarantine/`.
    mutating func quarantined(_ workName: String) -> [Action] {
        finish(workName, expecting: .quarantining)
    }

    /// The file disappeared from `work/` (removed by someone else): nothing left to do.
    mutating func vanished(_ workName: String) -> [Action] {
        finish(workName, expecting: nil)
    }

    /// Screening, commit or quarantine failed; the file stays in `work/` and is retried with backoff.
    mutating func failed(_ workName: String) -> [Action] {
        guard phases.removeValue(forKey: ExactFileName(workName)) != nil else {
            return []
        }
        let count = failures[ExactFileName(workName), default: 0] + 1
        failures[ExactFileName(workName)] = count
        var actions: [Action] = []
        if lifecycle == .running {
            retrying.insert(ExactFileName(workName))
            actions.append(.scheduleRetry(workName, after: retryDelay(afterFailures: count)))
        }
        return actions + fillSlots() + stopIfDrained()
    }

    /// The work on a file was cancelled at the end of the grace period; it stays in `work/`.
    mutating func abandoned(_ workName: String) -> [Action] {
        finish(workName, expecting: nil)
    }

    /// The retry delay of a failed file has elapsed.
    mutating func retryDue(_ workName: String) -> [Action] {
        guard retrying.remove(ExactFileName(workName)) != nil, lifecycle == .running else {
            return []
        }
        enqueueReady(workName)
        return fillSlots()
    }

    /// The delay before the next try of a file that failed `count` times in a row.
    func retryDelay(afterFailures count: Int) -> Duration {
        let factor = 1 << min(max(count - 1, 0), 30)
        let delay = configuration.retryBase * factor
        return delay < configuration.retryCap ? delay : configuration.retryCap
    }

    // MARK: Shutdown

    /// Graceful shutdown began: stop claiming, let in-flight files finish.
    mutating func shutdownRequested() -> [Action] {
        guard lifecycle == .running else {
            return []
        }
        lifecycle = .draining
        pending.removeAll()
        pendingNames.removeAll()
        ready.removeAll()
        readyNames.removeAll()
        retrying.removeAll()
        let stop = stopIfDrained()
        return stop.isEmpty ? [.startGracePeriod] : stop
    }

    /// The grace period elapsed with files still in flight: abandon them in `work/`.
    mutating func graceExpired() -> [Action] {
        guard lifecycle == .draining else {
            return []
        }
        lifecycle = .stopped
        let names = phases.keys.map(\.name).sorted()
        return [.abandon(names)]
    }

    // MARK: Helpers

    private func isKnownClaimed(_ workName: String) -> Bool {
        let exact = ExactFileName(workName)
        return phases[exact] != nil || retrying.contains(exact) || readyNames.contains(exact)
    }

    private mutating func enqueueReady(_ workName: String) {
        ready.append(workName)
        readyNames.insert(ExactFileName(workName))
    }

    private mutating func finish(_ workName: String, expecting phase: Phase?) -> [Action] {
        guard let current = phases[ExactFileName(workName)], phase == nil || current == phase else {
            return []
        }
        phases.removeValue(forKey: ExactFileName(workName))
        failures.removeValue(forKey: ExactFileName(workName))
        return fillSlots() + stopIfDrained()
    }

    private mutating func fillSlots() -> [Action] {
        var actions: [Action] = []
        while lifecycle == .running, slotsInUse < configuration.concurrency {
            if let workName = ready.popFirst() {
                readyNames.remove(ExactFileName(workName))
                phases[ExactFileName(workName)] = .screening
                actions.append(.screen(workName))
            } else if let name = pending.popFirst() {
                pendingNames.remove(ExactFileName(name))
                claimingNames.insert(ExactFileName(name))
                actions.append(.claim(name))
            } else {
                break
            }
        }
        return actions
    }

    private mutating func stopIfDrained() -> [Action] {
        guard lifecycle == .draining, slotsInUse == 0 else {
            return []
        }
        lifecycle = .stopped
        return [.stop]
    }
}
