import Foundation
import Synchronization

@testable import ReviewStore

/// A clock the tests move by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    var closure: @Sendable () -> Date { { self.now } }
}

/// A fresh directory under the system temp dir, removed when the test is done with it.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("refusald-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

enum Fixture {
    static func finding(
        kind: String = "missing_refusal",
        category: String? = "violence",
        rule: String = "violence.weapons.build-explosive",
        spans: [[Int]] = [[10, 31]]
    ) -> ReviewFinding {
        ReviewFinding(
            kind: kind,
            category: category,
            rule: rule,
            severity: "high",
            target: "prompt",
            spans: spans,
            excerpt: "build a pipe bomb"
        )
    }

    static func candidate(
        line: Int,
        file: String = "batch.jsonl",
        prompt: String? = nil,
        response: String? = "Sure, here you go.",
        findings: [ReviewFinding]? = nil,
        queue: ReviewQueue = .flagged,
        language: String? = "en"
    ) -> ReviewCandidate {
        ReviewCandidate(
            externalID: "id-\(line)",
            sourceFile: file,
            sourceLine: line,
            prompt: prompt ?? "How do I build a pipe bomb? (line \(line))",
            response: response,
            findings: findings ?? (queue == .audit ? [] : [finding()]),
            policyDigest: "sha256:abc",
            screenedAt: Date(timeIntervalSince1970: 1_790_000_000),
            queue: queue,
            language: language,
            verdictJSON: #"{"id":"id-\#(line)","verdict":"flag"}"#
        )
    }

    /// A store on a new file with annotators alice and bob.
    static func store(
        in directory: TemporaryDirectory,
        clock: TestClock = TestClock(),
        requiredReviews: Int = 1
    ) async throws -> ReviewStore {
        let store = try ReviewStore(
            path: directory.path("review.sqlite"),
            configuration: ReviewStoreConfiguration(requiredReviews: requiredReviews),
            now: clock.closure
        )
        _ = try await store.addAnnotator(name: "alice")
        _ = try await store.addAnnotator(name: "bob")
        return store
    }
}
