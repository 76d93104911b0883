import Logging
import ServiceLifecycle
import Synchronization
import TestSupport

@testable import Inbox

/// Captures log records so tests can check the one-line-per-file contract.
final class LogCapture: Sendable {
    struct Record: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: [String: String]
    }

    private let records = Mutex<[Record]>([])

    var all: [Record] { records.withLock { $0 } }

    func logger() -> Logger {
        Logger(label: "inbox-tests") { _ in Handler(capture: self) }
    }

    fileprivate func append(_ record: Record) {
        records.withLock { $0.append(record) }
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append(
                Record(level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" })
            )
        }
    }
}

/// Runs a real `InboxService` on a real temporary state directory inside a `ServiceGroup`.
struct ServiceHarness {
    let directory: TemporaryDirectory
    let state: StateDirectory
    let observer: RecordingObserver
    let logs = LogCapture()
    var configuration: DaemonConfiguration
    var tuning = InboxService<ContinuousClock>.Tuning(
        retryBase: .milliseconds(50),
        retryCap: .milliseconds(200),
        settleTime: .zero
    )

    init(concurrency: Int = 2, maxFileBytes: Int = 1 << 20) throws {
        directory = try TemporaryDirectory()
        state = StateDirectory(path: directory.file("state"))
        observer = RecordingObserver(outbox: state.outbox)
        configuration = DaemonConfiguration(
            stateDirectory: state.path,
            policiesDirectory: directory.file("policies"),
            concurrency: concurrency,
            maxFileBytes: maxFileBytes,
            gracePeriod: .seconds(5)
        )
    }

    func inbox(_ name: String) -> String { state.inbox + "/" + name }
    func work(_ name: String) -> String { state.work + "/" + name }
    func done(_ name: String) -> String { state.done + "/" + name }
    func verdicts(_ name: String) -> String { state.verdictPath(for: name) }

    func makeService(
        screener: TestScreener,
        onReady: @escaping @Sendable () -> Void = {}
    ) -> InboxService<ContinuousClock> {
        var service = InboxService(
            configuration: configuration,
            screenFile: screener.screenFile,
            observer: observer,
            logger: logs.logger(),
            clock: ContinuousClock(),
            onReady: onReady
        )
        service.tuning = tuning
        return service
    }

    /// Starts the service, waits for `onReady`, runs `body`, then shuts down gracefully and
    /// waits for the service to return.
    func run(
        screener: TestScreener,
        _ body: (_ shutdown: @Sendable () async -> Void) async throws -> Void
    ) async throws {
        let ready = ReadyCount()
        let service = makeService(screener: screener) { ready.count.withLock { $0 += 1 } }
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: service)],
                logger: Logger(label: "group") { _ in SwiftLogNoOpLogHandler() }
            )
        )
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let isReady = await eventually(timeout: .seconds(60)) { ready.count.withLock { $0 } == 1 }
            guard isReady else {
                // Fail this test only: a precondition would take the whole test process down.
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                throw HarnessError(message: "the inbox service never became ready within 60 s")
            }
            try await body { await group.triggerGracefulShutdown() }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}

/// The harness could not get the service going.
struct HarnessError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// How many times `onReady` was called.
final class ReadyCount: Sendable {
    let count = Mutex(0)
}
