#if canImport(Glibc)
import Glibc
#endif

/// Everything `refusald run` needs to know, from the YAML file and the command-line flags.
///
/// Build one with ``load(file:overrides:)``: the file's values, then the flags' values on top,
/// then the defaults for whatever neither set. Every key of the file has a flag of the same name
/// (`state_dir` ↔ `--state-dir`); see ``Key``.
public struct DaemonConfiguration: Sendable, Equatable {
    /// The state directory (`inbox/`, `work/`, `outbox/`, `done/`, `quarantine/`). Required.
    public var stateDirectory: String
    /// The directory of policy files. Required.
    public var policiesDirectory: String
    /// Where the HTTP listener (`/metrics`, `/healthz`, review pages) binds.
    public var listen: ListenAddress
    /// How many files are screened at once.
    public var concurrency: Int
    /// Files larger than this are quarantined.
    public var maxFileBytes: Int
    /// Lines longer than this get an `error` verdict.
    public var maxLineBytes: Int
    /// How long screened inputs are kept in `done/`.
    public var retention: Duration
    /// How long in-flight files may take to finish after a shutdown request.
    public var gracePeriod: Duration
    /// The share of passed items also sent to human review (0…1).
    public var reviewSampleRate: Double
    /// How long the policies directory must be quiet before a change triggers a reload.
    public var debounce: Duration
    /// Whether the review pages' session cookie is marked `Secure` (sent over HTTPS only): set it when a
    /// TLS-terminating proxy serves the pages. Default false (plain HTTP on loopback).
    public var secureCookies: Bool

    /// The default of ``listen``: `127.0.0.1:8470`.
    public static let defaultListen = ListenAddress(host: "127.0.0.1", port: 8470)
    /// The default of ``maxFileBytes``: 1 GiB.
    public static let defaultMaxFileBytes = 1 << 30
    /// The default of ``maxLineBytes``: 16 MiB.
    public static let defaultMaxLineBytes = 16 << 20
    /// The default of ``retention``: 7 days.
    public static let defaultRetention = Duration.seconds(7 * 24 * 3600)
    /// The default of ``gracePeriod``: 10 s.
    public static let defaultGracePeriod = Duration.seconds(10)
    /// The default of ``reviewSampleRate``: 2 %.
    public static let defaultReviewSampleRate = 0.02
    /// The default of ``debounce``: 500 ms.
    public static let defaultDebounce = Duration.milliseconds(500)
    /// The default of ``concurrency``: the number of online cores.
    public static var defaultConcurrency: Int { max(1, Int(sysconf(CInt(_SC_NPROCESSORS_ONLN)))) }

    /// Creates a configuration; every value but the two directories has its documented default.
    public init(
        stateDirectory: String,
        policiesDirectory: String,
        listen: ListenAddress = Self.defaultListen,
        concurrency: Int = Self.defaultConcurrency,
        maxFileBytes: Int = Self.defaultMaxFileBytes,
        maxLineBytes: Int = Self.defaultMaxLineBytes,
        retention: Duration = Self.defaultRetention,
        gracePeriod: Duration = Self.defaultGracePeriod,
        reviewSampleRate: Double = Self.defaultReviewSampleRate,
        debounce: Duration = Self.defaultDebounce,
        secureCookies: Bool = false
    ) {
        self.stateDirectory = stateDirectory
        self.policiesDirectory = policiesDirectory
        self.listen = listen
        self.concurrency = concurrency
        self.maxFileBytes = maxFileBytes
        self.maxLineBytes = maxLineBytes
        self.retention = retention
        self.gracePeriod = gracePeriod
        self.reviewSampleRate = reviewSampleRate
        self.debounce = debounce
        self.secureCookies = secureCookies
    }

    /// Loads the configuration file (if any), applies `overrides` (the flags) on top and fills in
    /// the defaults.
    /// - Parameters:
    ///   - file: The YAML file, or `nil` to use flags and defaults only.
    ///   - overrides: Values set on the command line; they win over the file.
    /// - Throws: ``InboxError`` with code `invalidConfiguration` naming the key (and `file:line`)
    ///   that is unknown, invalid or missing; the CLI exits with code 2.
    public static func load(file: String?, overrides: Overrides = Overrides()) throws -> DaemonConfiguration {
        let fromFile = try file.map { try Overrides(contentsOfFile: $0) } ?? Overrides()
        return try fromFile.merging(overrides).resolved()
    }

    /// This configuration with every value set in `overrides` replaced.
    public func merging(overrides: Overrides) -> DaemonConfiguration {
        var result = self
        if let value = overrides.stateDirectory { result.stateDirectory = value }
        if let value = overrides.policiesDirectory { result.policiesDirectory = value }
        if let value = overrides.listen { result.listen = value }
        if let value = overrides.concurrency { result.concurrency = value }
        if let value = overrides.maxFileBytes { result.maxFileBytes = value }
        if let value = overrides.maxLineBytes { result.maxLineBytes = value }
        if let value = overrides.retention { result.retention = value }
        if let value = overrides.gracePeriod { result.gracePeriod = value }
        if let value = overrides.reviewSampleRate { result.reviewSampleRate = value }
        if let value = overrides.debounce { result.debounce = value }
        if let value = overrides.secureCookies { result.secureCookies = value }
        return result
    }
}

/// A `host:port` pair for the HTTP listener (`[::1]:8470` for IPv6).
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host name or address.
    public var host: String
    /// The TCP port (0 asks the system for a free one).
    public var port: Int

    /// Creates an address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` or `[v6-address]:port`; `nil` when malformed.
    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65_535).contains(port)
        else {
            return nil
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            return nil
        }
        guard !host.isEmpty else {
            return nil
        }
        self.init(host: host, port: port)
    }

    /// `host:port`, with brackets around an IPv6 address.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
