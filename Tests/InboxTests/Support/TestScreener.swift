import Batch
import Foundation
import Inbox
import Synchronization

/// A stand-in for the screening engine that really reads the input and writes one verdict line
/// per non-blank input line (`{"source":…,"line":n,"length":bytes}`), so the inbox code under
/// test moves real files with real content.
final class TestScreener: Sendable {
    struct SimulatedDiskFull: Error, CustomStringConvertible {
        var description: String { "No space left on device (simulated)" }
    }

    private let calls = Mutex<[String]>([])
    private let failuresLeft: Mutex<Int>
    private let delay: Duration
    private let waitsForCancellation: Bool

    /// - Parameters:
    ///   - failures: How many calls fail after writing half their output, like a disk filling up.
    ///   - delay: How long each call takes.
    ///   - waitsForCancellation: When set, each call runs until it is cancelled.
    init(failures: Int = 0, delay: Duration = .zero, waitsForCancellation: Bool = false) {
        self.failuresLeft = Mutex(failures)
        self.delay = delay
        self.waitsForCancellation = waitsForCancellation
    }

    /// The source names screened so far, in call order.
    var screenedNames: [String] { calls.withLock { $0 } }

    var screenFile: ScreenFile {
        { [self] input, output, name in try await screen(input: input, output: output, name: name) }
    }

    private func screen(input: String, output: String, name: String) async throws -> FileReport {
        calls.withLock { $0.append(name) }
        let data = try Data(contentsOf: URL(fileURLWithPath: input))
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var report = FileReport(policyDigest: "sha256:test")
        var verdicts = ""
        for (index, line) in lines.enumerated() where !line.isEmpty {
            verdicts += "{\"source\":\"\(name)\",\"line\":\(index + 1),\"length\":\(line.utf8.count)}\n"
            report.items += 1
            report.passed += 1
        }
        report.bytes = data.count
        let shouldFail = failuresLeft.withLock { left -> Bool in
            guard left > 0 else { return false }
            left -= 1
            return true
        }
        if shouldFail {
            try Data(verdicts.utf8.prefix(verdicts.utf8.count / 2)).write(to: URL(fileURLWithPath: output))
            throw SimulatedDiskFull()
        }
        try Data(verdicts.utf8).write(to: URL(fileURLWithPath: output))
        if waitsForCancellation {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(5))
            }
            throw CancellationError()
        }
        if delay > .zero {
            try await Task.sleep(for: delay)
        }
        return report
    }
}

/// Records every outcome, with a snapshot of `outbox/` taken at the moment of each failure.
final class RecordingObserver: FileOutcomeObserver {
    enum Outcome: Equatable {
        case screened(String, items: Int)
        case quarantined(String, reason: String)
        case failed(String)
    }

    private let outcomes = Mutex<[Outcome]>([])
    private let outboxAtFailure = Mutex<[[String]]>([])
    let outbox: String

    init(outbox: String) {
        self.outbox = outbox
    }

    var all: [Outcome] { outcomes.withLock { $0 } }
    var outboxSnapshotsAtFailures: [[String]] { outboxAtFailure.withLock { $0 } }

    func fileScreened(name: String, report: FileReport) async {
        outcomes.withLock { $0.append(.screened(name, items: report.items)) }
    }

    func fileQuarantined(name: String, reason: String) async {
        outcomes.withLock { $0.append(.quarantined(name, reason: reason)) }
    }

    func fileFailed(name: String, error: any Error) async {
        let snapshot = Files.list(outbox)
        outboxAtFailure.withLock { $0.append(snapshot) }
        outcomes.withLock { $0.append(.failed(name)) }
    }
}
