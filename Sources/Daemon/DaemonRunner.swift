import Allocator
import Foundation
import Hummingbird
import Inbox
import Logging
import Metrics
import Policy
import Prometheus
import ReviewStore
import ReviewWeb
import ServiceLifecycle
import UnixSignals

/// Wires the daemon's services (inbox, policy reloads, HTTP, systemd watchdog) into one
/// `ServiceGroup` that stops gracefully on SIGTERM and SIGINT.
public struct DaemonRunner {
    /// Why the daemon cannot start; the CLI prints it and exits 2.
    public struct StartupError: Error, CustomStringConvertible {
        /// What to fix.
        public let description: String
    }

    let configuration: DaemonConfiguration
    let prefilter: Bool
    let registry: PrometheusCollectorRegistry
    let logger: Logger
    let environment: [String: String]
    let requiredReviews: Int

    /// Creates a runner. Bootstrap the metrics system with `registry` before calling ``run()``.
    /// - Parameter requiredReviews: distinct annotators needed per review item (1 or 2).
    public init(
        configuration: DaemonConfiguration,
        prefilter: Bool,
        registry: PrometheusCollectorRegistry,
        logger: Logger,
        environment: [String: String],
        requiredReviews: Int = 1
    ) {
        self.requiredReviews = requiredReviews
        self.configuration = configuration
        self.prefilter = prefilter
        self.registry = registry
        self.logger = logger
        self.environment = environment
    }

    /// Runs until SIGTERM/SIGINT.
    /// - Throws: ``StartupError`` for anything an operator must fix before the daemon can start.
    public func run() async throws {
        // A write past the file size limit (RLIMIT_FSIZE) raises SIGXFSZ, whose default action
        // kills the process. Ignored, the write fails with EFBIG instead: the file is retried like
        // on a full disk, and the daemon goes on with the rest.
        signal(SIGXFSZ, SIG_IGN)
        let directory = StateDirectory(path: configuration.stateDirectory)
        do {
            try directory.create()
            // Fail early with the lock's own message when another daemon owns the directory.
            _ = try directory.lock()
        } catch {
            throw StartupError(description: "\(error)")
        }
        let reloader = PolicyReloader(
            directory: configuration.policiesDirectory,
            cache: PrefilterCache(directory: configuration.stateDirectory + "/cache"),
            prefilter: prefilter
        )
        let started = ContinuousClock.now
        let initial: CompiledPolicySet
        do {
            initial = try reloader.load()
        } catch {
            throw StartupError(
                description: "the policies in \(configuration.policiesDirectory) cannot be used:\n\(error)"
            )
        }
        logger.info(
            "policies loaded",
            metadata: [
                "policy": "\(initial.digest)", "rules": "\(initial.ruleCount)",
                "prefilter": "\(initial.usesPrefilter ? (initial.prefilterFromCache ? "cached" : "compiled") : "off")",
                "patterns": "\(initial.patternsFromCache ? "cached" : "compiled")",
                "allocator": "\(ProcessAllocator.description)",
                "load_time": "\(ContinuousClock.now - started)",
            ]
        )
        Gauge(label: DaemonMetrics.rulesLoaded).record(initial.ruleCount)
        let review: ReviewStore
        do {
            review = try ReviewStore(
                path: configuration.stateDirectory + "/review.sqlite",
                configuration: ReviewStoreConfiguration(requiredReviews: requiredReviews)
            )
        } catch {
            throw StartupError(description: "cannot open the review store: \(error)")
        }
        let live = LivePolicies(initial)
        let notifier = SystemdNotifier(environment: environment)
        let observer = StatusObserver(notifier: notifier, logger: logger)
        let screening = FileScreening(
            live: live,
            concurrency: configuration.concurrency,
            maxLineBytes: configuration.maxLineBytes,
            review: review,
            sampleRate: configuration.reviewSampleRate,
            logger: logger
        )
        observer.policiesInForce(digest: initial.digest)
        let listen = configuration.listen
        let inbox = InboxService(
            configuration: configuration,
            screenFile: screening.screenFile,
            observer: observer,
            logger: logger,
            onReady: { [logger] in
                try? notifier.notify(.ready, .status("watching \(directory.inbox)"))
                logger.info("ready", metadata: ["inbox": "\(directory.inbox)", "listen": "\(listen)"])
            }
        )
        if !ReviewServer.isLoopback(listen.host) && !configuration.secureCookies {
            logger.warning(
                "review pages listen beyond loopback with plain-HTTP session cookies; use a TLS proxy and secure_cookies",
                metadata: ["listen": "\(listen)"]
            )
        }
        let http = DaemonHTTP.makeApplication(
            host: listen.host,
            port: listen.port,
            registry: registry,
            live: live,
            review: review,
            reviewWeb: ReviewWebConfiguration(secureCookies: configuration.secureCookies),
            logger: logger,
            onServerRunning: { [logger] port in
                logger.info("http listening", metadata: ["url": "http://\(listen.host):\(port)/"])
            }
        )
        let reloads = PolicyReloadService(
            live: live,
            reloader: reloader,
            notifier: notifier,
            status: observer,
            debounce: configuration.debounce,
            logger: logger
        )
        let watchdog = WatchdogService(
            notifier: notifier,
            environment: environment,
            clock: ContinuousClock(),
            logger: logger
        )
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: inbox),
                    .init(service: http),
                    .init(service: reloads),
                    .init(service: watchdog),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
        try? notifier.notify(.stopping, .status("stopped"))
    }
}
