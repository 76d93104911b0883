import Batch
import Foundation

/// A progress bar on stderr for interactive `scan` runs: share of the input bytes read, items
/// screened and the rate.
final class ProgressLine {
    private let totalBytes: Int
    private var doneBytes = 0
    private var items = 0
    private let start = Date()

    /// Creates a bar for inputs totalling `totalBytes` (0 when unknown, e.g. stdin).
    init(totalBytes: Int) {
        self.totalBytes = totalBytes
    }

    /// A sink that advances the bar as the next file's batches arrive.
    func sinkForNextFile() -> Sink { Sink(progress: self, base: doneBytes) }

    struct Sink: VerdictSink {
        let progress: ProgressLine
        /// Bytes of the files screened before this one.
        let base: Int
        /// The bar counts lines; it reads no result.
        var readsResults: Bool { false }
        mutating func write(_ batch: VerdictBatch) throws {
            progress.advance(items: batch.count, doneBytes: base + batch.inputBytes)
        }
    }

    private func advance(items: Int, doneBytes: Int) {
        self.items += items
        self.doneBytes = doneBytes
        let seconds = max(Date().timeIntervalSince(start), 0.001)
        let rate = Int(Double(self.items) / seconds)
        guard totalBytes > 0 else {
            StandardError.write("\r\u{1B}[K\(self.items) items screened, \(rate) items/s")
            return
        }
        let fraction = min(1, Double(doneBytes) / Double(totalBytes))
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        StandardError.write("\r\u{1B}[K[\(bar)] \(Int(fraction * 100))%  \(self.items) items, \(rate) items/s")
    }

    func finish() {
        StandardError.write("\r\u{1B}[K")
    }
}
