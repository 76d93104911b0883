import Batch
import Logging
import ServiceLifecycle

/// Screens one claimed file: reads the JSONL file at `input`, writes every verdict line to the
/// file at `verdictOutput` (creating it, and closing it before returning) and reports the counts.
///
/// `sourceName` is the file's name as claimed, for the verdicts' `source` field. The inbox makes
/// the output durable and moves it into `outbox/` after this returns; if it throws (or is
/// cancelled) the output is deleted and the input stays in `work/` to be tried again.
public typealias ScreenFile =
    @Sendable (
        _ input: String, _ verdictOutput: String, _ sourceName: String
    ) async throws -> FileReport

/// The drop-folder daemon: watches `inbox/`, claims, screens and commits every file, exactly once.
///
/// `run()` locks the state directory, screens again whatever a previous run left in `work/`,
/// scans `inbox/`, calls `onReady` (send `READY=1` there), then follows inotify events with up to
/// `concurrency` files in flight. Screened inputs older than `retention` are deleted from `done/`.
/// On graceful shutdown it stops claiming and lets in-flight files finish within `grace_period`;
/// those still running then are cancelled and left in `work/` for the next start.
public struct InboxService<C: Clock>: Service where C.Duration == Duration {
    /// Timings that tests shorten; the defaults suit production.
    struct Tuning: Sendable {
        /// The first retry delay after a failure (doubled at each further failure).
        var retryBase = Duration.seconds(1)
        /// The longest retry delay.
        var retryCap = Duration.seconds(300)
        /// A regular file found by a scan (not an event) whose last write is more recent than this
        /// may still be open by its writer: it is looked at again after this delay.
        var settleTime = Duration.seconds(1)
        /// How often `done/` is swept for expired inputs.
        var sweepInterval: Duration? = nil
    }

    /// The configuration this service runs with.
    public let configuration: DaemonConfiguration
    let screenFile: ScreenFile
    let observer: (any FileOutcomeObserver)?
    let logger: Logger
    let clock: C
    let onReady: @Sendable () async -> Void
    var tuning = Tuning()

    /// Creates the service.
    /// - Parameters:
    ///   - configuration: Uses `stateDirectory`, `concurrency`, `maxFileBytes`, `retention` and `gracePeriod`.
    ///   - screenFile: Screens one file (the screening engine, injected).
    ///   - observer: Hears each file's outcome (status line, review queue); optional.
    ///   - logger: Receives one structured line per file, plus start, stop and errors.
    ///   - clock: Paces retries, the grace period, the settle delay and the retention sweep.
    ///   - onReady: Called once, after recovery and the first scan of `inbox/`.
    public init(
        configuration: DaemonConfiguration,
        screenFile: @escaping ScreenFile,
        observer: (any FileOutcomeObserver)? = nil,
        logger: Logger,
        clock: C,
        onReady: @escaping @Sendable () async -> Void = {}
    ) {
        self.configuration = configuration
        self.screenFile = screenFile
        self.observer = observer
        self.logger = logger
        self.clock = clock
        self.onReady = onReady
    }

    /// Runs until graceful shutdown (returns) or cancellation.
    /// - Throws: ``InboxError`` when the state directory cannot be prepared or locked (code
    ///   `stateDirectoryLocked`: another daemon runs on it), or when `inbox/` stops being watchable.
    public func run() async throws {
        let directory = StateDirectory(path: configuration.stateDirectory)
        try directory.create()
        let lock = try directory.lock()
        // The lock is held until this method returns, whatever way it returns.
        defer { withExtendedLifetime(lock) {} }
        try await runLocked(directory: directory)
    }

    private func runLocked(directory: StateDirectory) async throws {
        let files = InboxFiles(
            directory: directory,
            classifier: FileClassifier(maxFileBytes: configuration.maxFileBytes)
        )
        let stale = try files.removeStaleTemporaries()
        let watcher = try InboxWatcher(directory: directory.inbox)
        let (messages, continuation) = AsyncStream.makeStream(of: InboxMessage.self, bufferingPolicy: .unbounded)
        defer { continuation.finish() }
        var loop = InboxRunLoop(
            service: self,
            files: files,
            machine: ClaimStateMachine(
                configuration: .init(
                    concurrency: configuration.concurrency,
                    retryBase: tuning.retryBase,
                    retryCap: tuning.retryCap
                )
            ),
            continuation: continuation
        )
        logger.info(
            "inbox service starting",
            metadata: [InboxLogKeys.stateDirectory: "\(directory.path)", "stale_temporaries_removed": "\(stale)"]
        )
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try loop.start(group: &group)
                await onReady()
                group.addTask {
                    for await event in watcher.events() {
                        continuation.yield(.watch(event))
                    }
                    continuation.yield(.watchEnded)
                }
                group.addTask {
                    await sweepDone(files)
                }
                for await message in messages {
                    if try loop.handle(message, group: &group) {
                        break
                    }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            continuation.yield(.shutdown)
        }
        logger.info("inbox service stopped")
    }

    /// Deletes expired inputs from `done/` now and then, until cancelled.
    private func sweepDone(_ files: InboxFiles) async {
        let retention = configuration.retention
        let interval = tuning.sweepInterval ?? min(max(retention / 4, .seconds(1)), .seconds(600))
        while !Task.isCancelled {
            do {
                let removed = try files.sweepDone(retention: retention, now: Syscall.wallClockSeconds())
                if removed > 0 {
                    logger.info("removed expired inputs from done/", metadata: [InboxLogKeys.count: "\(removed)"])
                }
            } catch {
                logger.warning("retention sweep of done/ failed", metadata: [InboxLogKeys.error: "\(error)"])
            }
            try? await clock.sleep(for: interval)
        }
    }
}

extension InboxService where C == ContinuousClock {
    /// Creates the service with the system's continuous clock.
    /// - Parameters:
    ///   - configuration: Uses `stateDirectory`, `concurrency`, `maxFileBytes`, `retention` and `gracePeriod`.
    ///   - screenFile: Screens one file (the screening engine, injected).
    ///   - observer: Hears each file's outcome (status line, review queue); optional.
    ///   - logger: Receives one structured line per file, plus start, stop and errors.
    ///   - onReady: Called once, after recovery and the first scan of `inbox/`.
    public init(
        configuration: DaemonConfiguration,
        screenFile: @escaping ScreenFile,
        observer: (any FileOutcomeObserver)? = nil,
        logger: Logger,
        onReady: @escaping @Sendable () async -> Void = {}
    ) {
        self.init(
            configuration: configuration,
            screenFile: screenFile,
            observer: observer,
            logger: logger,
            clock: ContinuousClock(),
            onReady: onReady
        )
    }
}
