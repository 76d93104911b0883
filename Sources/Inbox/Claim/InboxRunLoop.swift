import Batch
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The single consumer of ``InboxMessage``s: feeds the claim state machine and carries out its
/// actions, spawning one child task per file step. Claims (renames) happen right here, one at a
/// time, so two files can never pick the same name in `work/`.
struct InboxRunLoop<C: Clock> where C.Duration == Duration {
    let service: InboxService<C>
    let files: InboxFiles
    var machine: ClaimStateMachine
    let continuation: AsyncStream<InboxMessage>.Continuation
    private let metrics = InboxMetrics()
    private var reports: [ExactFileName: (report: FileReport, elapsed: Duration)] = [:]
    private var rescanScheduled = false

    init(
        service: InboxService<C>,
        files: InboxFiles,
        machine: ClaimStateMachine,
        continuation: AsyncStream<InboxMessage>.Continuation
    ) {
        self.service = service
        self.files = files
        self.machine = machine
        self.continuation = continuation
    }

    private var logger: Logger { service.logger }
    private var worker: InboxWorker<C> {
        InboxWorker(files: files, screenFile: service.screenFile, observer: service.observer, clock: service.clock)
    }

    /// Recovers `work/` and scans `inbox/`.
    mutating func start(group: inout ThrowingDiscardingTaskGroup<any Error>) throws {
        let recovered = try files.workNames()
        if !recovered.isEmpty {
            logger.notice(
                "recovering files a previous run left in work/",
                metadata: [InboxLogKeys.count: "\(recovered.count)"]
            )
        }
        for name in recovered {
            perform(machine.recovered(name), group: &group)
        }
        try rescan(group: &group)
        metrics.recordDepth(machine.queuedCount)
    }

    /// Handles one message; returns `true` when the service should stop.
    mutating func handle(_ message: InboxMessage, group: inout ThrowingDiscardingTaskGroup<any Error>) throws -> Bool {
        var stop = false
        switch message {
        case .watch(.file(let name)):
            stop = perform(machine.discovered(name), group: &group)
        case .watch(.rescan):
            logger.warning("inotify queue overflowed; rescanning inbox/")
            try rescan(group: &group)
        case .watch(.undecodableName):
            try rescan(group: &group)
        case .rescanDue:
            rescanScheduled = false
            try rescan(group: &group)
        case .watchEnded:
            guard machine.isShuttingDown else {
                throw InboxError(
                    code: .systemCall,
                    message: "stopped receiving events for \(files.directory.inbox) (was it removed or moved?); "
                        + "restart the daemon to recreate it",
                    path: files.directory.inbox
                )
            }
        case .screened(let name, let report, let elapsed):
            reports[ExactFileName(name)] = (report, elapsed)
            stop = perform(machine.screened(name), group: &group)
        case .rejected(let name, let reason):
            stop = perform(machine.rejected(name, reason: reason), group: &group)
        case .vanished(let name):
            logger.warning("file vanished from work/ before it was screened", metadata: [InboxLogKeys.file: "\(name)"])
            stop = perform(machine.vanished(name), group: &group)
        case .committed(let name, let report, let elapsed):
            reports[ExactFileName(name)] = nil
            logScreened(name, report: report, elapsed: elapsed)
            stop = perform(machine.committed(name), group: &group)
        case .quarantined(let name, let reason):
            metrics.count(.quarantined)
            logger.warning(
                "quarantined file",
                metadata: [InboxLogKeys.file: "\(name)", InboxLogKeys.reason: "\(reason)"]
            )
            stop = perform(machine.quarantined(name), group: &group)
        case .failed(let name, let error):
            reports[ExactFileName(name)] = nil
            metrics.count(.failed)
            let actions = machine.failed(name)
            logFailure(name, error: error, actions: actions)
            stop = perform(actions, group: &group)
        case .abandoned(let name):
            stop = perform(machine.abandoned(name), group: &group)
        case .retryDue(let name):
            stop = perform(machine.retryDue(name), group: &group)
        case .shutdown:
            logger.info(
                "graceful shutdown: no new claims, finishing files in flight",
                metadata: [InboxLogKeys.count: "\(machine.slotsInUse)"]
            )
            stop = perform(machine.shutdownRequested(), group: &group)
        case .graceExpired:
            stop = perform(machine.graceExpired(), group: &group)
        }
        metrics.recordDepth(machine.queuedCount)
        return stop
    }

    /// Lists `inbox/` and reports every name; files written less than the settle time ago are
    /// looked at again later (their writer may not have closed them yet).
    private mutating func rescan(group: inout ThrowingDiscardingTaskGroup<any Error>) throws {
        let settle = service.tuning.settleTime
        let now = Syscall.wallClockNow()
        let undecodable = try files.renameUndecodableInboxNames(modifiedBefore: now - settle)
        for name in undecodable.renamed {
            logger.notice("renamed a file whose name is not UTF-8", metadata: [InboxLogKeys.file: "\(name)"])
        }
        for (name, error) in undecodable.failed {
            logger.error(
                "cannot rename a file whose name is not UTF-8; it stays in inbox/",
                metadata: [InboxLogKeys.file: "\(name)", InboxLogKeys.error: "\(error)"]
            )
        }
        var deferred = undecodable.deferred
        for (name, status) in try files.inboxEntries() {
            let modified = Duration.seconds(status.st_mtim.tv_sec) + .nanoseconds(status.st_mtim.tv_nsec)
            if status.st_mode & S_IFMT == S_IFREG, modified + settle > now {
                deferred = true
                continue
            }
            perform(machine.discovered(name), group: &group)
        }
        if deferred, !rescanScheduled, !machine.isShuttingDown {
            rescanScheduled = true
            let (clock, continuation) = (service.clock, continuation)
            group.addTask {
                try? await clock.sleep(for: settle)
                continuation.yield(.rescanDue)
            }
        }
    }

    /// Carries out the machine's actions; returns `true` when the service should stop.
    @discardableResult
    private mutating func perform(
        _ actions: [ClaimStateMachine.Action],
        group: inout ThrowingDiscardingTaskGroup<any Error>
    ) -> Bool {
        var stop = false
        let (worker, clock, continuation) = (self.worker, service.clock, self.continuation)
        for action in actions {
            switch action {
            case .claim(let name):
                let next: [ClaimStateMachine.Action]
                do {
                    if let workName = try files.claim(name) {
                        next = machine.claimSucceeded(name, as: workName)
                    } else {
                        next = machine.claimFailed(name)
                    }
                } catch {
                    logger.error(
                        "cannot claim file",
                        metadata: [InboxLogKeys.file: "\(name)", InboxLogKeys.error: "\(error)"]
                    )
                    next = machine.claimFailed(name)
                }
                stop = perform(next, group: &group) || stop
            case .screen(let name):
                group.addTask { continuation.yield(await worker.screen(name)) }
            case .commit(let name):
                let (report, elapsed) =
                    reports.removeValue(forKey: ExactFileName(name)) ?? (FileReport(policyDigest: ""), .zero)
                group.addTask {
                    continuation.yield(await worker.commit(name, report: report, screeningTime: elapsed))
                }
            case .quarantine(let name, let reason):
                group.addTask { continuation.yield(await worker.quarantine(name, reason: reason)) }
            case .scheduleRetry(let name, let delay):
                group.addTask {
                    try? await clock.sleep(for: delay)
                    continuation.yield(.retryDue(name))
                }
            case .startGracePeriod:
                let grace = service.configuration.gracePeriod
                group.addTask {
                    try? await clock.sleep(for: grace)
                    continuation.yield(.graceExpired)
                }
            case .abandon(let names):
                logger.warning(
                    "grace period over; leaving unfinished files in work/ for the next start",
                    metadata: [InboxLogKeys.count: "\(names.count)", "files": "\(names.joined(separator: ","))"]
                )
                group.cancelAll()
                stop = true
            case .stop:
                stop = true
            }
        }
        return stop
    }

    private func logFailure(_ name: String, error: any Error, actions: [ClaimStateMachine.Action]) {
        var metadata: Logger.Metadata = [InboxLogKeys.file: "\(name)", InboxLogKeys.error: "\(error)"]
        for case .scheduleRetry(_, let delay) in actions {
            metadata[InboxLogKeys.retryInMilliseconds] = "\(delay / .milliseconds(1))"
        }
        let next = metadata[InboxLogKeys.retryInMilliseconds] == nil ? "left for the next start" : "will be tried again"
        logger.error("file failed; it stays in work/ and \(next)", metadata: metadata)
    }

    private func logScreened(_ name: String, report: FileReport, elapsed: Duration) {
        metrics.count(.screened)
        metrics.recordScreening(elapsed)
        let categories = report.findingsByCategory.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        logger.info(
            "screened file",
            metadata: [
                InboxLogKeys.file: "\(name)",
                InboxLogKeys.items: "\(report.items)",
                InboxLogKeys.flagged: "\(report.flagged)",
                InboxLogKeys.errors: "\(report.errors)",
                InboxLogKeys.flagsByCategory: "\(categories.joined(separator: ","))",
                InboxLogKeys.durationMilliseconds: "\(elapsed / .milliseconds(1))",
                InboxLogKeys.policyDigest: "\(report.policyDigest)",
            ]
        )
    }
}
