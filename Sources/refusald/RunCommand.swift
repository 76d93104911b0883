import ArgumentParser
import Daemon
import Foundation
import Inbox
import Logging
import Metrics
import Prometheus

/// `refusald run`: the drop-folder daemon.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Watch an inbox directory and screen every JSONL file dropped there.",
        discussion: """
            State directory layout: inbox/ (drop files here, by rename), work/ (being screened), \
            outbox/ (<name>.verdicts.jsonl), done/ (screened inputs, kept for the retention), \
            quarantine/ (unscreenable files, each with a .reason file), review.sqlite, cache/.
            Every configuration key can be set in the YAML file (--config) or by its flag; flags win.
            SIGHUP reloads policies (checked first; a failing set is never put in force); SIGTERM \
            and SIGINT stop gracefully. Speaks the systemd notify protocol when NOTIFY_SOCKET is set.
            Exit codes: 0 after a clean stop, 2 on bad configuration or policies.

            Example:
              refusald run --state-dir /var/lib/refusald --policies /etc/refusald/policies
            """
    )

    @Option(name: .long, help: "YAML configuration file (see systemd/refusald.yaml).")
    var config: String?
    @Option(name: .long, help: "State directory (inbox/, work/, outbox/, done/, quarantine/).")
    var stateDir: String?
    @Option(name: .long, help: "Policy directory.")
    var policies: String?
    @Option(name: .long, help: "HTTP listener for /metrics, /healthz and the review pages (default 127.0.0.1:8470).")
    var listen: String?
    @Option(name: .long, help: "Files screened at once and threads per file (default: number of cores).")
    var concurrency: String?
    @Option(name: .long, help: "Largest input file, e.g. 1GiB (larger files are quarantined).")
    var maxFileBytes: String?
    @Option(name: .long, help: "Longest input line, e.g. 16MiB (longer lines get error verdicts).")
    var maxLineBytes: String?
    @Option(name: .long, help: "How long screened inputs stay in done/, e.g. 7d.")
    var retention: String?
    @Option(name: .long, help: "How long in-flight files may finish on shutdown, e.g. 10s.")
    var gracePeriod: String?
    @Option(name: .long, help: "Share of passing items queued for audit review, 0 to 1 (default 0.02).")
    var reviewSampleRate: String?
    @Option(name: .long, help: "Quiet time after a policy file change before reloading, e.g. 500ms.")
    var debounce: String?
    @Flag(name: .long, help: "Run every rule in PCRE2 without the Vectorscan prefilter.")
    var noPrefilter = false
    @Flag(name: .long, help: "Mark the review pages' session cookie Secure (HTTPS only), behind a TLS proxy.")
    var secureCookies = false
    @Option(name: .long, help: "Distinct annotators needed per review item (1 or 2; with 2, disagreement escalates).")
    var requiredReviews: Int = 1
    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() async throws {
        let configuration: DaemonConfiguration
        do {
            var overrides = DaemonConfiguration.Overrides()
            let flags: [(DaemonConfiguration.Key, String?)] = [
                (.stateDirectory, stateDir), (.policies, policies), (.listen, listen), (.concurrency, concurrency),
                (.maxFileBytes, maxFileBytes), (.maxLineBytes, maxLineBytes), (.retention, retention),
                (.gracePeriod, gracePeriod), (.reviewSampleRate, reviewSampleRate), (.debounce, debounce),
            ]
            for (key, value) in flags {
                if let value { try overrides.set(key, to: value, source: key.flag) }
            }
            if secureCookies { overrides.secureCookies = true }
            configuration = try DaemonConfiguration.load(file: config, overrides: overrides)
        } catch {
            StandardError.print("refusald: invalid configuration: \(error)")
            throw ExitStatus.error
        }
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let runner = DaemonRunner(
            configuration: configuration,
            prefilter: !noPrefilter,
            registry: registry,
            logger: Logger(label: "refusald"),
            environment: ProcessInfo.processInfo.environment,
            requiredReviews: requiredReviews
        )
        do {
            try await runner.run()
        } catch let error as DaemonRunner.StartupError {
            StandardError.print("refusald: \(error)")
            throw ExitStatus.error
        }
    }
}
