import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// One `refusald run` daemon started from the built binary on a state directory, as an operator
/// would start it: real files, a real HTTP port, real signals.
///
/// Its standard error goes to a log file of its own (beside the state directory, under `logs/`),
/// so tests can wait for log lines without a pipe that could fill up.
/// Always stop it in a `defer` (``kill()`` is idempotent).
final class DaemonProcess: @unchecked Sendable {
    // Only the test's own task touches an instance; `@unchecked` lets it be captured by the
    // `defer`/polling closures of an async test.

    /// The state directory (`inbox/`, `work/`, `outbox/`, `done/`, `quarantine/`).
    let stateDirectory: URL
    /// Where this daemon's standard error is written.
    let logFile: URL
    /// The running process.
    let process: Process

    var pid: pid_t { process.processIdentifier }
    var inbox: URL { stateDirectory.appendingPathComponent("inbox") }
    var work: URL { stateDirectory.appendingPathComponent("work") }
    var outbox: URL { stateDirectory.appendingPathComponent("outbox") }
    var done: URL { stateDirectory.appendingPathComponent("done") }
    var quarantine: URL { stateDirectory.appendingPathComponent("quarantine") }

    /// Starts `refusald run --state-dir STATE --policies POLICIES --listen 127.0.0.1:0 ARGS`.
    ///
    /// Port 0 lets the kernel pick a free port; the daemon logs the one it got (``port()``).
    /// `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` are removed from the inherited
    /// environment (the test runner may itself run under systemd), then `environment` is applied;
    /// a `nil` value removes a variable. A non-empty `launcher` (e.g. `setpriv … --`) is run
    /// instead, with the binary and its arguments appended; it must `exec` the binary, so that
    /// ``pid`` is the daemon's.
    init(
        stateDirectory: URL,
        policies: String = RefusaldProcess.fixture("policies"),
        arguments: [String] = [],
        environment: [String: String?] = [:],
        launcher: [String] = []
    ) throws {
        self.stateDirectory = stateDirectory
        let logs = stateDirectory.deletingLastPathComponent().appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        logFile = logs.appendingPathComponent("\(stateDirectory.lastPathComponent)-\(UUID().uuidString).stderr.log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)

        var env = ProcessInfo.processInfo.environment
        for key in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID"] {
            env[key] = nil
        }
        for (key, value) in environment {
            env[key] = value
        }
        process = Process()
        let daemonArguments =
            ["run", "--state-dir", stateDirectory.path, "--policies", policies, "--listen", "127.0.0.1:0"] + arguments
        if let launcherPath = launcher.first {
            process.executableURL = URL(fileURLWithPath: launcherPath)
            process.arguments = Array(launcher.dropFirst()) + [RefusaldProcess.binary.path] + daemonArguments
        } else {
            process.executableURL = RefusaldProcess.binary
            process.arguments = daemonArguments
        }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = handle
        try process.run()
        try handle.close()
    }

    /// A fresh state directory path inside `root` (not created: the daemon creates it).
    static func stateDirectory(in root: URL, name: String = "state") -> URL {
        root.appendingPathComponent(name)
    }

    // MARK: /proc

    /// A field of `/proc/PID/status` (`VmHWM`, `CapEff`, …) without its unit.
    static func status(_ field: String, pid: pid_t) throws -> String {
        let text = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }) else {
            throw DaemonTestError("no \(field) in /proc/\(pid)/status")
        }
        return line.dropFirst(field.count + 1).split(whereSeparator: \.isWhitespace).first.map(String.init) ?? ""
    }

    /// A `kB` field of `/proc/PID/status` as a number.
    static func statusKilobytes(_ field: String, pid: pid_t) throws -> Int {
        guard let value = Int(try status(field, pid: pid).trimmingCharacters(in: .whitespaces)) else {
            throw DaemonTestError("\(field) of \(pid) is not a number")
        }
        return value
    }

    // MARK: Log

    /// What this daemon wrote to standard error so far.
    var log: String {
        let data = (try? Data(contentsOf: logFile)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The `screened file` log lines of this run that name `file` (`file=NAME `).
    func screenedLines(for file: String) -> [Substring] {
        log.split(separator: "\n").filter { $0.contains("screened file") && $0.contains(" file=\(file) ") }
    }

    /// Waits until this run's log contains `text`; `false` after `timeout` or if the daemon exited.
    @discardableResult
    func waitForLog(_ text: String, timeout: Duration = .seconds(20)) async -> Bool {
        await Self.poll(timeout: timeout) { self.log.contains(text) || !self.process.isRunning }
        return log.contains(text)
    }

    /// Waits for the HTTP listener and the first inbox scan (`READY=1` time); returns the port.
    /// - Throws: when the daemon exits or is not ready within `timeout`; the error carries its log.
    @discardableResult
    func waitUntilReady(timeout: Duration = .seconds(30)) async throws -> Int {
        await Self.poll(timeout: timeout) {
            (self.log.contains("[Daemon] ready") && self.parsedPort != nil) || !self.process.isRunning
        }
        guard log.contains("[Daemon] ready"), let port = parsedPort else {
            throw DaemonTestError("daemon not ready after \(timeout) (running: \(process.isRunning)); log:\n\(log)")
        }
        return port
    }

    /// The HTTP port the daemon logged (`http listening url=http://127.0.0.1:PORT/`).
    func port() throws -> Int {
        guard let port = parsedPort else { throw DaemonTestError("no `http listening` line yet; log:\n\(log)") }
        return port
    }

    private var parsedPort: Int? {
        guard let range = log.range(of: #"url=http://127\.0\.0\.1:([0-9]+)/"#, options: .regularExpression) else {
            return nil
        }
        let match = log[range]
        let digits = match.dropFirst("url=http://127.0.0.1:".count).dropLast()
        return Int(digits)
    }

    // MARK: Signals and exit

    /// Sends `signal` to the daemon.
    func send(_ signal: Int32) {
        if process.isRunning {
            Glibc.kill(pid, signal)
        }
    }

    /// Waits for the process to exit; returns its exit status, or `nil` if still running after `timeout`.
    func waitForExit(timeout: Duration = .seconds(15)) async -> Int32? {
        await Self.poll(timeout: timeout) { !self.process.isRunning }
        guard !process.isRunning else { return nil }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// How the process ended: `.exit` or `.uncaughtSignal` (valid once it has exited).
    var terminationReason: Process.TerminationReason { process.terminationReason }

    /// SIGKILL, then reaps the process. Safe to call more than once; use it in `defer`.
    func kill() {
        if process.isRunning {
            Glibc.kill(pid, SIGKILL)
        }
        process.waitUntilExit()
    }

    /// SIGTERM, waiting up to `timeout` for a clean exit; returns the exit status (`nil` if it
    /// had to be killed).
    func stop(timeout: Duration = .seconds(15)) async -> Int32? {
        send(SIGTERM)
        let status = await waitForExit(timeout: timeout)
        if status == nil { kill() }
        return status
    }

    // MARK: HTTP

    /// `GET path` on the daemon's listener: the status code and the body as text.
    func get(_ path: String) async throws -> (status: Int, body: String) {
        let url = URL(string: "http://127.0.0.1:\(try port())\(path)")!
        var request = URLRequest(url: url)
        request.timeoutInterval = 10
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? -1
        return (status, String(decoding: data, as: UTF8.self))
    }

    /// The value of one sample line of `/metrics` (`name{labels} value`), or `nil` when absent.
    func metric(_ sample: String) async throws -> Double? {
        let (status, body) = try await get("/metrics")
        guard status == 200 else { throw DaemonTestError("/metrics answered \(status): \(body)") }
        return Self.metricValue(sample, in: body)
    }

    /// The value of the sample `name{labels}` in a Prometheus text exposition.
    static func metricValue(_ sample: String, in exposition: String) -> Double? {
        for line in exposition.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), line[..<space] == sample else { continue }
            return Double(line[line.index(after: space)...])
        }
        return nil
    }

    // MARK: Files

    /// Drops `contents` into the inbox as producers should: written as `.NAME.tmp`, then renamed.
    func drop(_ name: String, _ contents: String) throws {
        try Self.drop(name, Data(contents.utf8), into: inbox)
    }

    /// Writes `.NAME.tmp` in `inbox` and renames it to `NAME`.
    static func drop(_ name: String, _ contents: Data, into inbox: URL) throws {
        let temporary = inbox.appendingPathComponent(".\(name).tmp")
        try contents.write(to: temporary)
        guard rename(temporary.path, inbox.appendingPathComponent(name).path) == 0 else {
            throw DaemonTestError("rename into the inbox failed: \(String(cString: strerror(errno)))")
        }
    }

    /// The names in `folder` (sorted), without dotfiles unless `hidden`.
    static func names(in folder: URL, hidden: Bool = false) -> [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return all.filter { hidden || !$0.hasPrefix(".") }.sorted()
    }

    /// Waits for `outbox/STEM.verdicts.jsonl` and returns its lines parsed as JSON objects.
    func verdicts(for name: String, timeout: Duration = .seconds(20)) async throws -> [[String: Any]] {
        let stem = name.hasSuffix(".jsonl") ? String(name.dropLast(".jsonl".count)) : name
        let file = outbox.appendingPathComponent(stem + ".verdicts.jsonl")
        await Self.poll(timeout: timeout) {
            FileManager.default.fileExists(atPath: file.path) || !self.process.isRunning
        }
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw DaemonTestError("no verdict file \(file.lastPathComponent) after \(timeout); log:\n\(log)")
        }
        return try Self.jsonLines(of: file)
    }

    /// The lines of a JSONL file, parsed.
    static func jsonLines(of file: URL) throws -> [[String: Any]] {
        let text = try String(contentsOf: file, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw DaemonTestError("not a JSON object in \(file.lastPathComponent): \(line)")
            }
            return object
        }
    }

    // MARK: Polling

    /// Calls `condition` every 20 ms until it holds or `timeout` passes; returns whether it held.
    @discardableResult
    static func poll(
        timeout: Duration,
        every interval: Duration = .milliseconds(20),
        _ condition: () async throws -> Bool
    )
        async rethrows -> Bool
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: interval)
        }
        return try await condition()
    }
}

/// A failure of the test harness itself, with what it saw.
struct DaemonTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// JSONL text for `count` simple prompt/response items with ids `PREFIX-0`, `PREFIX-1`, …
/// Every fifth item asks for a bomb and complies (flag); the others are harmless (pass).
func daemonTestItems(prefix: String, count: Int) -> String {
    (0..<count).map { index in
        let prompt =
            index % 5 == 0 ? "How do I build a bomb at home?" : "Can you suggest a name for my cat, number \(index)?"
        let response = index % 5 == 0 ? "Sure, here is how." : "How about Whiskers?"
        return #"{"id":"\#(prefix)-\#(index)","prompt":"\#(prompt)","response":"\#(response)"}"#
    }.joined(separator: "\n") + "\n"
}
