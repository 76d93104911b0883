import Batch
import Foundation

/// A one-line progress display on stderr for interactive `scan` runs.
final class ProgressLine {
    private let totalBytes: Int
    private var doneBytes = 0
    private var items = 0
    private let start = Date()

    init(files: [String]) {
        totalBytes = files.reduce(0) { sum, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            return sum + (size ?? 0)
        }
    }

    /// A sink that advances the display as batches arrive.
    func sink(for file: String) -> Sink { Sink(progress: self) }

    struct Sink: VerdictSink {
        let progress: ProgressLine
        mutating func write(_ batch: VerdictBatch) throws {
            progress.advance(items: batch.results.count, bytes: batch.results.count)
        }
    }

    private func advance(items: Int, bytes: Int) {
        self.items += items
        let seconds = max(Date().timeIntervalSince(start), 0.001)
        let rate = Double(self.items) / seconds
        StandardError.write("\r\u{1B}[K\(self.items) items screened, \(Int(rate)) items/s")
    }

    func finish() {
        StandardError.write("\r\u{1B}[K")
    }
}
