import Logging
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// Sends `WATCHDOG=1` every half of `$WATCHDOG_USEC`, as systemd's `WatchdogSec=` expects.
///
/// When the watchdog is not enabled for this process (no `WATCHDOG_USEC`, or `WATCHDOG_PID`
/// names another process) it simply waits for shutdown, so it can always be in the group.
public struct WatchdogService<C: Clock>: Service where C.Duration == Duration {
    /// The interval between two keep-alives, or `nil` when the watchdog is disabled.
    public let interval: Duration?
    private let notifier: SystemdNotifier
    private let clock: C
    private let logger: Logger

    /// Creates the service.
    /// - Parameters:
    ///   - notifier: Where `WATCHDOG=1` goes.
    ///   - environment: The process environment, read for `WATCHDOG_USEC` and `WATCHDOG_PID`.
    ///   - clock: The clock that paces the keep-alives.
    ///   - logger: Where a failure to send is reported.
    public init(notifier: SystemdNotifier, environment: [String: String], clock: C, logger: Logger) {
        self.notifier = notifier
        self.clock = clock
        self.logger = logger
        self.interval = Self.interval(environment: environment, pid: Int(getpid()))
    }

    /// Half of `WATCHDOG_USEC`, or `nil` when the watchdog is not meant for process `pid`.
    public static func interval(environment: [String: String], pid: Int) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let usec = Int(text), usec > 0 else {
            return nil
        }
        if let owner = environment["WATCHDOG_PID"], Int(owner) != pid {
            return nil
        }
        return .microseconds(usec / 2)
    }

    /// Sends keep-alives until graceful shutdown or cancellation.
    public func run() async throws {
        guard let interval, notifier.isEnabled else {
            try? await gracefulShutdown()
            return
        }
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try notifier.notify(.watchdog)
                } catch {
                    logger.warning("cannot send WATCHDOG=1", metadata: [InboxLogKeys.error: "\(error)"])
                }
                try await clock.sleep(for: interval)
            }
        }
    }
}
