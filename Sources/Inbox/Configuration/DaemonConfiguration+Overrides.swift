#if canImport(Glibc)
import Glibc
#endif

extension DaemonConfiguration {
    /// The keys of the configuration file; each has a command-line flag of the same name.
    public enum Key: String, CaseIterable, Sendable {
        /// `state_dir` / `--state-dir`.
        case stateDirectory = "state_dir"
        /// `policies` / `--policies`.
        case policies
        /// `listen` / `--listen`.
        case listen
        /// `concurrency` / `--concurrency`.
        case concurrency
        /// `max_file_bytes` / `--max-file-bytes`.
        case maxFileBytes = "max_file_bytes"
        /// `max_line_bytes` / `--max-line-bytes`.
        case maxLineBytes = "max_line_bytes"
        /// `retention` / `--retention`.
        case retention
        /// `grace_period` / `--grace-period`.
        case gracePeriod = "grace_period"
        /// `review_sample_rate` / `--review-sample-rate`.
        case reviewSampleRate = "review_sample_rate"
        /// `debounce` / `--debounce`.
        case debounce
        /// `secure_cookies` / `--secure-cookies`.
        case secureCookies = "secure_cookies"

        /// The command-line flag that sets this key: `state_dir` → `--state-dir`.
        public var flag: String {
            "--" + rawValue.replacing("_", with: "-")
        }

        /// What a valid value looks like, for error messages and `--help`.
        public var expectation: String {
            switch self {
            case .stateDirectory, .policies: "a directory path"
            case .listen: "HOST:PORT, e.g. 127.0.0.1:8470 or [::1]:8470"
            case .concurrency: "a whole number from 1 to 1024"
            case .maxFileBytes, .maxLineBytes: "a size such as 1048576, 512KiB, 16MiB or 1GiB"
            case .retention, .gracePeriod, .debounce: "a duration such as 500ms, 10s, 5m, 12h, 7d or 1h30m"
            case .reviewSampleRate: "a number from 0 to 1, e.g. 0.02"
            case .secureCookies: "true or false"
            }
        }
    }

    /// Values set by the configuration file or by flags; `nil` means "not set here".
    public struct Overrides: Sendable, Equatable {
        /// See ``DaemonConfiguration/stateDirectory``.
        public var stateDirectory: String?
        /// See ``DaemonConfiguration/policiesDirectory``.
        public var policiesDirectory: String?
        /// See ``DaemonConfiguration/listen``.
        public var listen: ListenAddress?
        /// See ``DaemonConfiguration/concurrency``.
        public var concurrency: Int?
        /// See ``DaemonConfiguration/maxFileBytes``.
        public var maxFileBytes: Int?
        /// See ``DaemonConfiguration/maxLineBytes``.
        public var maxLineBytes: Int?
        /// See ``DaemonConfiguration/retention``.
        public var retention: Duration?
        /// See ``DaemonConfiguration/gracePeriod``.
        public var gracePeriod: Duration?
        /// See ``DaemonConfiguration/reviewSampleRate``.
        public var reviewSampleRate: Double?
        /// See ``DaemonConfiguration/debounce``.
        public var debounce: Duration?
        /// See ``DaemonConfiguration/secureCookies``.
        public var secureCookies: Bool?

        /// Creates a set of overrides; unset values are left to the file or the defaults.
        public init(
            stateDirectory: String? = nil,
            policiesDirectory: String? = nil,
            listen: ListenAddress? = nil,
            concurrency: Int? = nil,
            maxFileBytes: Int? = nil,
            maxLineBytes: Int? = nil,
            retention: Duration? = nil,
            gracePeriod: Duration? = nil,
            reviewSampleRate: Double? = nil,
            debounce: Duration? = nil,
            secureCookies: Bool? = nil
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

        /// Parses and sets one key from its textual form (a flag's argument or a YAML scalar).
        /// - Parameters:
        ///   - key: The key to set.
        ///   - text: The value as written.
        ///   - source: Where the value comes from, for the error message (`--concurrency`, `run.yaml:4:14`).
        /// - Throws: ``InboxError`` with code `invalidConfiguration` naming `source`, the key and
        ///   what a valid value looks like.
        public mutating func set(_ key: Key, to text: String, source: String) throws {
            let invalid = InboxError.configuration(
                "\(source): invalid value '\(text)' for \(key.rawValue): expected \(key.expectation)"
            )
            let trimmed = text.trimmingSpaces
            switch key {
            case .stateDirectory, .policies:
                guard !trimmed.isEmpty else { throw invalid }
                if key == .stateDirectory { stateDirectory = trimmed } else { policiesDirectory = trimmed }
            case .listen:
                guard let value = ListenAddress(parsing: trimmed) else { throw invalid }
                listen = value
            case .concurrency:
                guard let value = Int(trimmed), (1...1024).contains(value) else { throw invalid }
                concurrency = value
            case .maxFileBytes, .maxLineBytes:
                guard let value = DaemonConfiguration.parseByteSize(trimmed), value >= 1 else { throw invalid }
                if key == .maxFileBytes { maxFileBytes = value } else { maxLineBytes = value }
            case .retention, .gracePeriod, .debounce:
                guard let value = DaemonConfiguration.parseDuration(trimmed) else { throw invalid }
                switch key {
                case .retention: retention = value
                case .gracePeriod: gracePeriod = value
                default: debounce = value
                }
            case .reviewSampleRate:
                guard let value = Double(trimmed), (0...1).contains(value) else { throw invalid }
                reviewSampleRate = value
            case .secureCookies:
                switch trimmed.lowercased() {
                case "true": secureCookies = true
                case "false": secureCookies = false
                default: throw invalid
                }
            }
        }

        /// These values with every value set in `other` replaced (flags over file).
        public func merging(_ other: Overrides) -> Overrides {
            Overrides(
                stateDirectory: other.stateDirectory ?? stateDirectory,
                policiesDirectory: other.policiesDirectory ?? policiesDirectory,
                listen: other.listen ?? listen,
                concurrency: other.concurrency ?? concurrency,
                maxFileBytes: other.maxFileBytes ?? maxFileBytes,
                maxLineBytes: other.maxLineBytes ?? maxLineBytes,
                retention: other.retention ?? retention,
                gracePeriod: other.gracePeriod ?? gracePeriod,
                reviewSampleRate: other.reviewSampleRate ?? reviewSampleRate,
                debounce: other.debounce ?? debounce,
                secureCookies: other.secureCookies ?? secureCookies
            )
        }

        /// A complete configuration: these values plus the defaults.
        /// - Throws: ``InboxError`` with code `invalidConfiguration` when `state_dir` or `policies`
        ///   is set nowhere.
        public func resolved() throws -> DaemonConfiguration {
            for (key, value) in [(Key.stateDirectory, stateDirectory), (Key.policies, policiesDirectory)]
            where value == nil {
                throw InboxError.configuration(
                    "missing required key \(key.rawValue): set it in the configuration file or with \(key.flag)"
                )
            }
            let base = DaemonConfiguration(stateDirectory: stateDirectory!, policiesDirectory: policiesDirectory!)
            return base.merging(overrides: self)
        }
    }

    /// Parses a duration: one or more `<number><unit>` with units `ms`, `s`, `m`, `h`, `d`
    /// (`500ms`, `10s`, `1h30m`, `7d`, `1.5h`); `nil` when malformed or when a unit is missing.
    public static func parseDuration(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        var rest = Substring(text.trimmingSpaces)
        var seconds = 0.0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unitText.count)
            guard let value = Double(number), let unit = units.first(where: { $0.0 == unitText.lowercased() }) else {
                return nil
            }
            seconds += value * unit.1
        }
        guard seconds.isFinite, seconds < 1e12 else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// Parses a byte size: a number with an optional unit, `K`/`KiB` = 1024, `kB`/`KB` = 1000,
    /// likewise `M`, `G`, `T` (`1048576`, `512KiB`, `16MiB`, `1GiB`, `2GB`); `nil` when malformed.
    public static func parseByteSize(_ text: String) -> Int? {
        let trimmed = text.trimmingSpaces
        let number = trimmed.prefix { $0.isNumber || $0 == "." }
        let unit = trimmed.dropFirst(number.count).trimmingSpaces.lowercased()
        let multipliers: [String: Double] = [
            "": 1, "b": 1,
            "k": 0x1p10, "kib": 0x1p10, "kb": 1e3,
            "m": 0x1p20, "mib": 0x1p20, "mb": 1e6,
            "g": 0x1p30, "gib": 0x1p30, "gb": 1e9,
            "t": 0x1p40, "tib": 0x1p40, "tb": 1e12,
        ]
        guard let value = Double(number), let multiplier = multipliers[unit] else {
            return nil
        }
        let bytes = value * multiplier
        guard bytes.isFinite, bytes < 9e18, multiplier > 1 || bytes.rounded() == bytes else {
            return nil
        }
        return Int(bytes.rounded())
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
