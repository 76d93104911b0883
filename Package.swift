// swift-tools-version:6.1
import PackageDescription

/// Swift settings shared by every target: Swift 6 mode plus the upcoming features hummingbird adopts.
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "refusald",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "refusald", targets: ["refusald"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
    ],
    targets: [
        // C shims: system libraries found through pkg-config.
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        .systemLibrary(
            name: "CVectorscan",
            pkgConfig: "libhs",
            providers: [.apt(["libvectorscan-dev"])]
        ),
        // mimalloc, the process allocator (linked ahead of libc, it replaces glibc's malloc).
        .systemLibrary(
            name: "CMimalloc",
            providers: [.apt(["libmimalloc-dev"])]
        ),

        // Safe wrappers over the C libraries.
        .target(name: "PCRE2", dependencies: ["CPCRE2"], swiftSettings: strictSettings),
        .target(name: "Allocator", dependencies: ["CMimalloc"], swiftSettings: strictSettings),
        .target(name: "Prefilter", dependencies: ["CVectorscan"], swiftSettings: strictSettings),

        // Policy model: YAML files -> validated rules -> compiled set.
        .target(
            name: "Policy",
            dependencies: [
                "PCRE2", "Prefilter",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),

        // Screening engine: decode, normalise, screen, encode verdicts. Pure: no files, no NIO.
        .target(name: "Screening", dependencies: ["Policy", "PCRE2", "Prefilter"], swiftSettings: strictSettings),

        // Batch screening: streams JSONL files through the screener, in parallel, verdicts in order.
        .target(name: "Batch", dependencies: ["Screening", "Policy", "PCRE2", "Prefilter"], swiftSettings: strictSettings),

        // Policy tooling: lint, embedded tests, eval on labelled corpora, diff.
        .target(name: "PolicyTools", dependencies: ["Screening", "Policy", "PCRE2"], swiftSettings: strictSettings),

        // Review store: SQLite queue of flagged items and annotator decisions.
        .target(
            name: "ReviewStore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),

        // The drop-folder daemon: inotify watcher, claim state machine, systemd notify.
        .target(
            name: "Inbox",
            dependencies: [
                "Batch", "Screening", "Policy",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),

        // HTTP: review pages, JSON API, /metrics and /healthz.
        .target(
            name: "ReviewWeb",
            dependencies: [
                "ReviewStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),

        // The daemon's service graph: policy reloads, HTTP (metrics, health, review), status.
        .target(
            name: "Daemon",
            dependencies: [
                "Allocator", "Inbox", "Batch", "Screening", "Policy", "PolicyTools", "ReviewStore", "ReviewWeb",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),

        // The thin executable: argument parsing and wiring only.
        .executableTarget(
            name: "refusald",
            dependencies: [
                "Screening", "Policy", "Batch", "PolicyTools", "Inbox", "ReviewStore", "ReviewWeb", "Daemon", "Allocator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),

        // Helpers the unit-test targets share (temporary directories); never part of a product.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strictSettings),

        .testTarget(name: "PCRE2Tests", dependencies: ["PCRE2"], swiftSettings: strictSettings),
        .testTarget(name: "AllocatorTests", dependencies: ["Allocator"], swiftSettings: strictSettings),
        .testTarget(name: "PrefilterTests", dependencies: ["Prefilter"], swiftSettings: strictSettings),
        .testTarget(
            name: "PolicyTests",
            dependencies: ["Policy", "PCRE2", "Prefilter", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ScreeningTests",
            dependencies: ["Screening", "Policy", "PCRE2", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PolicyToolsTests",
            dependencies: ["PolicyTools", "Screening", "Policy", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "InboxTests",
            dependencies: [
                "Inbox", "Batch", "Screening", "Policy", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ], swiftSettings: strictSettings),
        .testTarget(
            name: "BatchTests",
            dependencies: ["Batch", "Screening", "Policy", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ReviewStoreTests",
            dependencies: ["ReviewStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ReviewWebTests",
            dependencies: [
                "ReviewWeb", "ReviewStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "EndToEndTests", dependencies: [], exclude: ["Fixtures"], swiftSettings: strictSettings),
    ]
)

// libFuzzer harnesses (Fuzz/), only when REFUSALD_FUZZ=1 so that `swift build` and `swift test` never
// see them. `make fuzz` builds them in their own scratch path with `-sanitize=fuzzer,address`.
if Context.environment["REFUSALD_FUZZ"] == "1" {
    package.targets += [
        .target(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"),
        .executableTarget(
            name: "FuzzItemDecoder",
            dependencies: ["CLibFuzzer", "Screening"],
            path: "Fuzz/FuzzItemDecoder",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "FuzzTextNormaliser",
            dependencies: ["CLibFuzzer", "Screening"],
            path: "Fuzz/FuzzTextNormaliser",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "FuzzPolicyLoader",
            dependencies: ["CLibFuzzer", "Policy"],
            path: "Fuzz/FuzzPolicyLoader",
            swiftSettings: strictSettings
        ),
    ]
}
