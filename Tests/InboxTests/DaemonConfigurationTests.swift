import TestSupport
import Testing

@testable import Inbox

@Suite("Daemon configuration")
struct DaemonConfigurationTests {
    typealias Overrides = DaemonConfiguration.Overrides

    @Test("every key is read from YAML")
    func allKeys() throws {
        let yaml = """
            # refusald run
            state_dir: /var/lib/refusald
            policies: /etc/refusald/policies
            listen: "[::1]:9000"
            concurrency: 3
            max_file_bytes: 512MiB
            max_line_bytes: 1MB
            retention: 12h
            grace_period: 1m30s
            review_sample_rate: 0.5
            debounce: 250ms
            secure_cookies: true
            """
        let configuration = try Overrides(yaml: yaml, source: "run.yaml").resolved()
        #expect(
            configuration
                == DaemonConfiguration(
                    stateDirectory: "/var/lib/refusald",
                    policiesDirectory: "/etc/refusald/policies",
                    listen: ListenAddress(host: "::1", port: 9000),
                    concurrency: 3,
                    maxFileBytes: 512 << 20,
                    maxLineBytes: 1_000_000,
                    retention: .seconds(12 * 3600),
                    gracePeriod: .seconds(90),
                    reviewSampleRate: 0.5,
                    debounce: .milliseconds(250),
                    secureCookies: true
                )
        )
    }

    @Test("unset keys take their documented defaults")
    func defaults() throws {
        let configuration = try Overrides(yaml: "state_dir: /s\npolicies: /p\n", source: "run.yaml").resolved()
        #expect(configuration.listen.description == "127.0.0.1:8470")
        #expect(configuration.concurrency == DaemonConfiguration.defaultConcurrency)
        #expect(configuration.concurrency >= 1)
        #expect(configuration.maxFileBytes == 1 << 30)
        #expect(configuration.maxLineBytes == 16 << 20)
        #expect(configuration.retention == .seconds(7 * 86_400))
        #expect(configuration.gracePeriod == .seconds(10))
        #expect(configuration.reviewSampleRate == 0.02)
        #expect(configuration.debounce == .milliseconds(500))
        #expect(!configuration.secureCookies)
    }

    @Test("an unknown key is an error naming it and its line")
    func unknownKey() throws {
        let error = #expect(throws: InboxError.self) {
            try Overrides(yaml: "state_dir: /s\nstat_dir: /t\n", source: "run.yaml")
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.hasPrefix("run.yaml:2:1: unknown key 'stat_dir'") == true)
    }

    @Test(
        "a bad value is an error naming the key, the file and the line",
        arguments: [
            ("concurrency: 0", "run.yaml:1:14: invalid value '0' for concurrency"),
            ("concurrency: many", "run.yaml:1:14: invalid value 'many' for concurrency"),
            ("max_file_bytes: 12 parsecs", "run.yaml:1:17: invalid value '12 parsecs' for max_file_bytes"),
            ("retention: 7", "run.yaml:1:12: invalid value '7' for retention"),
            ("listen: localhost", "run.yaml:1:9: invalid value 'localhost' for listen"),
            ("review_sample_rate: 1.5", "run.yaml:1:21: invalid value '1.5' for review_sample_rate"),
            ("debounce:", "run.yaml:1:10: key debounce needs a single value"),
            (
                "secure_cookies: yes please",
                "run.yaml:1:17: invalid value 'yes please' for secure_cookies: expected true or false"
            ),
            ("policies: [a, b]", "run.yaml:1:11: key policies needs a single value"),
            ("- a\n- b", "run.yaml:1:1: the configuration must be a mapping"),
        ]
    )
    func badValue(yaml: String, expectedPrefix: String) throws {
        let error = #expect(throws: InboxError.self) { try Overrides(yaml: yaml, source: "run.yaml") }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.hasPrefix(expectedPrefix) == true, "\(error?.message ?? "")")
    }

    @Test("a duplicated key is refused")
    func duplicateKey() {
        let error = #expect(throws: InboxError.self) {
            try Overrides(yaml: "state_dir: /a\nstate_dir: /b", source: "run.yaml")
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.hasPrefix("run.yaml: not valid YAML") == true)
        #expect(error?.message.contains("state_dir") == true)
    }

    @Test("a missing required key names the key and its flag")
    func missingKey() throws {
        let error = #expect(throws: InboxError.self) {
            try Overrides(yaml: "policies: /p", source: "run.yaml").resolved()
        }
        #expect(
            error?.message == "missing required key state_dir: set it in the configuration file or with --state-dir"
        )
    }

    @Test("flags win over the file; the file over the defaults")
    func flagsOverFile() throws {
        let directory = try TemporaryDirectory()
        try Files.write(directory.file("run.yaml"), "state_dir: state\npolicies: /p\nconcurrency: 2\nretention: 1d\n")
        var flags = Overrides()
        try flags.set(.concurrency, to: "8", source: DaemonConfiguration.Key.concurrency.flag)
        flags.retention = .seconds(60)
        let configuration = try DaemonConfiguration.load(file: directory.file("run.yaml"), overrides: flags)
        #expect(configuration.concurrency == 8)
        #expect(configuration.retention == .seconds(60))
        #expect(configuration.stateDirectory == directory.file("state"), "relative to the file's directory")
        #expect(configuration.policiesDirectory == "/p")
        let base = DaemonConfiguration(stateDirectory: "/a", policiesDirectory: "/b")
        #expect(base.merging(overrides: Overrides(gracePeriod: .seconds(3))).gracePeriod == .seconds(3))
    }

    @Test("a flag's bad value names the flag")
    func badFlag() {
        var flags = Overrides()
        let error = #expect(throws: InboxError.self) {
            try flags.set(.maxLineBytes, to: "-3", source: DaemonConfiguration.Key.maxLineBytes.flag)
        }
        #expect(error?.message.hasPrefix("--max-line-bytes: invalid value '-3' for max_line_bytes") == true)
    }

    @Test("an unreadable configuration file is a configuration error")
    func missingFile() {
        let error = #expect(throws: InboxError.self) { try DaemonConfiguration.load(file: "/nonexistent/run.yaml") }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("/nonexistent/run.yaml") == true)
    }

    @Test(
        "durations",
        arguments: [
            ("500ms", Duration.milliseconds(500)), ("10s", .seconds(10)), ("5m", .seconds(300)),
            ("12h", .seconds(43_200)), ("7d", .seconds(604_800)), ("1h30m", .seconds(5_400)),
            ("1.5h", .seconds(5_400)), ("0s", .zero),
        ]
    )
    func durations(text: String, expected: Duration) {
        #expect(DaemonConfiguration.parseDuration(text) == expected)
    }

    @Test("malformed durations", arguments: ["", "7", "d", "7 days", "1y", "-1s", "1h-"])
    func badDurations(text: String) {
        #expect(DaemonConfiguration.parseDuration(text) == nil)
    }

    @Test(
        "byte sizes",
        arguments: [
            ("1048576", 1_048_576), ("512KiB", 524_288), ("16MiB", 16 << 20), ("1GiB", 1 << 30), ("1G", 1 << 30),
            ("2GB", 2_000_000_000), ("1.5KiB", 1_536), ("100 B", 100), ("1kb", 1_000),
        ]
    )
    func byteSizes(text: String, expected: Int) {
        #expect(DaemonConfiguration.parseByteSize(text) == expected)
    }

    @Test("malformed byte sizes", arguments: ["", "GiB", "1.5", "12 parsecs", "-1", "1e3"])
    func badByteSizes(text: String) {
        #expect(DaemonConfiguration.parseByteSize(text) == nil)
    }

    @Test("listen addresses")
    func listen() {
        #expect(ListenAddress(parsing: "0.0.0.0:80") == ListenAddress(host: "0.0.0.0", port: 80))
        #expect(ListenAddress(parsing: "[::]:8470")?.description == "[::]:8470")
        #expect(ListenAddress(parsing: "::1:80") == nil)
        #expect(ListenAddress(parsing: "host:70000") == nil)
        #expect(ListenAddress(parsing: ":80") == nil)
    }
}
