import Dispatch
import Foundation
import PCRE2
import Policy
import Screening
import Synchronization

/// Screens JSONL files: reads them streaming, screens each chunk of lines on all cores, and
/// hands verdicts to the sinks strictly in input order.
public struct BatchScreener: Sendable {
    /// The screener (policies) to use.
    public let screener: Screener
    /// At most this many workers screen one file (fewer for short chunks, see ``linesPerWorker``).
    public let concurrency: Int
    /// A chunk gets one worker per this many lines, up to `concurrency`.
    public let linesPerWorker: Int
    /// Decoder settings (maximum line size).
    public let decoder: ItemDecoder
    /// Roughly how many input bytes are screened per parallel step.
    public let chunkBytes: Int
    /// Limits applied to each match.
    public let limits: MatchLimits
    /// Match sessions kept from file to file (copies of this screener share them).
    let sessions: SessionPool

    /// Creates a batch screener. Keep it for as long as its policy set is in force: it reuses its
    /// match sessions (PCRE2 match data, JIT stacks, Vectorscan scratch) for every file it screens,
    /// also for files screened at the same time from several threads.
    public init(
        screener: Screener,
        concurrency: Int,
        maxLineBytes: Int = 16 << 20,
        chunkBytes: Int = 4 << 20,
        limits: MatchLimits = MatchLimits(),
        recordsRuleCosts: Bool = false,
        linesPerWorker: Int = BatchScreener.defaultLinesPerWorker
    ) {
        self.screener = screener
        self.concurrency = max(1, concurrency)
        self.linesPerWorker = max(1, linesPerWorker)
        self.decoder = ItemDecoder(maxLineBytes: maxLineBytes)
        self.chunkBytes = chunkBytes
        self.limits = limits
        self.sessions = SessionPool(screener: screener, limits: limits, recordsCosts: recordsRuleCosts)
    }

    /// Lines per worker thread by default. Starting a thread and sharing a chunk between two costs more than
    /// screening a few dozen lines on one: on 1,000 dropped files of 20 lines each the daemon spent a fifth less
    /// CPU time with one worker per file (the daemon screens several files at once anyway).
    public static let defaultLinesPerWorker = 128

    /// Each rule's PCRE2 runs, matches and time over every file screened so far, when created with
    /// `recordsRuleCosts`; `nil` otherwise. Call it between files.
    public func ruleCosts() -> RuleCosts? {
        sessions.costs()
    }

    /// Screens the file at `path` (use `-` for standard input).
    /// - Parameters:
    ///   - sourceName: the name shown in verdicts' `source.file`.
    ///   - sinks: receive every batch in order.
    /// - Throws: ``BatchError`` when the file cannot be read or a sink fails.
    public func screenFile(
        at path: String,
        sourceName: String,
        sinks: inout [any VerdictSink]
    ) throws(BatchError) -> FileReport {
        let fd: Int32
        if path == "-" {
            fd = STDIN_FILENO
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd < 0 { throw BatchError(.open, path: path, errno: errno) }
        }
        defer { if fd != STDIN_FILENO { close(fd) } }
        return try screen(fd: fd, path: path, sourceName: sourceName, sinks: &sinks)
    }

    /// Screens everything readable from `fd`.
    public func screen(
        fd: Int32,
        path: String,
        sourceName: String,
        sinks: inout [any VerdictSink]
    ) throws(BatchError) -> FileReport {
        try sessions.withSessions(concurrency) { (sessions) throws(BatchError) in
            try screen(fd: fd, path: path, sourceName: sourceName, sinks: &sinks, sessions: sessions)
        }
    }

    private func screen(
        fd: Int32,
        path: String,
        sourceName: String,
        sinks: inout [any VerdictSink],
        sessions: CheckedOutSessions
    ) throws(BatchError) -> FileReport {
        var reader = LineReader(fd: fd, path: path, maxLineBytes: decoder.maxLineBytes)
        var report = FileReport(policyDigest: screener.policies.digest)
        var buffer: [UInt8] = []
        let keepsResults = sinks.contains { $0.readsResults }
        while true {
            let lines = try reader.nextLines(into: &buffer, targetBytes: chunkBytes)
            if lines.isEmpty { break }
            let screenedAt = Timestamp.now()
            let chunk = screenChunk(
                lines,
                buffer: buffer,
                sourceName: sourceName,
                screenedAt: screenedAt.text,
                sessions: sessions,
                keepsResults: keepsResults
            )
            report.merge(chunk.report)
            let batch = VerdictBatch(
                source: sourceName,
                encoded: chunk.encoded,
                results: chunk.results,
                count: chunk.count,
                screenedAt: screenedAt,
                inputBytes: reader.bytesRead
            )
            for index in sinks.indices {
                do {
                    try sinks[index].write(batch)
                } catch let error as BatchError {
                    throw error
                } catch {
                    throw BatchError(.sink, path: path, message: "\(error)")
                }
            }
        }
        report.bytes = reader.bytesRead
        return report
    }

    /// One screened chunk: results and encoded verdicts in line order, and their counts.
    private struct ScreenedChunk {
        var results: [ScreenedResult]
        var count: Int
        var encoded: [UInt8]
        var report: FileReport
    }

    /// Screens one chunk of lines on `concurrency` workers.
    ///
    /// The chunk is cut into slices of consecutive lines that workers take in turn; each worker also encodes
    /// and counts its slices' verdicts, so the only serial work left is joining the slices' bytes in order.
    private func screenChunk(
        _ lines: [LineReader.Line],
        buffer: [UInt8],
        sourceName: String,
        screenedAt: String,
        sessions: CheckedOutSessions,
        keepsResults: Bool
    ) -> ScreenedChunk {
        let nonBlank = buffer.withUnsafeBytes { raw in
            lines.filter { line in
                line.overlongBytes != nil || !isBlank(UnsafeRawBufferPointer(rebasing: raw[line.range]))
            }
        }
        let digest = screener.policies.digest
        let workers = workerCount(lines: nonBlank.count)
        // Two slices per worker, so a worker that finishes early takes over work; not more, since each slice
        // is screened in batches (`linesPerScreening`) that pay off only with many lines.
        let sliceCount = workers == 1 ? 1 : min(nonBlank.count, workers * 2)
        let sliceBounds = (0...sliceCount).map { $0 * nonBlank.count / max(1, sliceCount) }
        var results = [ScreenedResult?](repeating: nil, count: keepsResults ? nonBlank.count : 0)
        var slices = [SliceOutput](repeating: SliceOutput(report: FileReport(policyDigest: digest)), count: sliceCount)
        let nextSlice = SliceCounter()
        results.withUnsafeMutableBufferPointer { output in
            let output = UnsafeSendable(output)
            slices.withUnsafeMutableBufferPointer { sliceOutputs in
                let sliceOutputs = UnsafeSendable(sliceOutputs)
                buffer.withUnsafeBytes { raw in
                    let raw = UnsafeSendable(raw)
                    Self.runWorkers(workers) { worker in
                        let session = sessions.session(worker)
                        while let slice = nextSlice.take(below: sliceCount) {
                            var sliceOutput = SliceOutput(report: FileReport(policyDigest: digest))
                            sliceOutput.encoded.reserveCapacity((sliceBounds[slice + 1] - sliceBounds[slice]) * 300)
                            var start = sliceBounds[slice]
                            while start < sliceBounds[slice + 1] {
                                let end = min(sliceBounds[slice + 1], start + Self.linesPerScreening)
                                screenLines(
                                    nonBlank[start..<end],
                                    raw.value,
                                    sourceName: sourceName,
                                    screenedAt: screenedAt,
                                    session: session,
                                    into: keepsResults
                                        ? UnsafeMutableBufferPointer(rebasing: output.value[start..<end]) : nil,
                                    encoded: &sliceOutput
                                )
                                start = end
                            }
                            sliceOutputs.value[slice] = sliceOutput
                        }
                    }
                }
            }
        }
        var chunk = ScreenedChunk(
            results: results.indices.map { results[$0].take()! },
            count: nonBlank.count,
            encoded: [],
            report: FileReport(policyDigest: digest)
        )
        // One slice (one worker) is taken as it is; more are joined in order.
        if slices.count == 1 {
            chunk.encoded = slices[0].encoded
        } else {
            chunk.encoded.reserveCapacity(slices.reduce(0) { $0 + $1.encoded.count })
            for slice in slices { chunk.encoded += slice.encoded }
        }
        for slice in slices { chunk.report.merge(slice.report) }
        return chunk
    }

    /// How many workers screen a chunk of `lines` lines: one per ``linesPerWorker`` lines, at least one, at most
    /// ``concurrency``.
    func workerCount(lines: Int) -> Int {
        min(concurrency, max(1, lines / linesPerWorker))
    }

    /// Lines screened together, stage by stage (see ``Screener/analyse(_:session:)``): the more texts each
    /// prefilter database scans in a row, the fewer cache misses. On the benchmark corpus, one thread, 256
    /// lines saved 8 % of the CPU time and 4096 lines 15 %; their texts take a few megabytes.
    static let linesPerScreening = 4096

    /// Decodes `lines` and screens the items together; a line that cannot be decoded gets its error verdict.
    /// - Parameters:
    ///   - output: Where the results go, one per line in order (`lines.count` slots); `nil` when no sink reads
    ///     them, and the items are freed here.
    ///   - slice: Gets the verdicts encoded, in line order, and counted.
    private func screenLines(
        _ lines: ArraySlice<LineReader.Line>,
        _ raw: UnsafeRawBufferPointer,
        sourceName: String,
        screenedAt: String,
        session: ScreeningSession,
        into output: UnsafeMutableBufferPointer<ScreenedResult?>?,
        encoded slice: inout SliceOutput
    ) {
        let sourceName = Verdict.unshared(sourceName)
        let screenedAt = Verdict.unshared(screenedAt)
        let digest = Verdict.unshared(screener.policies.digest)
        var decoded: [ScreeningItem] = []
        var decodedLines: [Int] = []
        decoded.reserveCapacity(lines.count)
        decodedLines.reserveCapacity(lines.count)
        var errors: [Int: Verdict] = [:]
        for (offset, line) in lines.enumerated() {
            do throws(LineError) {
                if let length = line.overlongBytes {
                    throw LineError(
                        line: line.number,
                        message: "line is \(length) bytes, longer than the maximum of \(decoder.maxLineBytes) bytes"
                    )
                }
                let bytes = UnsafeRawBufferPointer(rebasing: raw[line.range])
                let item = try decoder.decode(bytes, file: sourceName, line: line.number)
                decoded.append(item)
                decodedLines.append(line.number)
            } catch {
                errors[offset] = Verdict.error(error, file: sourceName, policy: digest, screenedAt: screenedAt)
            }
        }
        var outcomes = screener.screenOutcomes(
            decoded,
            file: sourceName,
            lines: decodedLines,
            screenedAt: screenedAt,
            session: session
        )
        Self.encode(
            lines.count,
            items: decoded,
            lines: decodedLines,
            outcomes: outcomes,
            errors: errors,
            cleanParts: VerdictEncoder.CleanParts(file: sourceName, policy: digest, screenedAt: screenedAt),
            into: &slice
        )
        guard let output else { return }
        // Then moved out from the end, so each item and verdict is moved rather than copied (and retained).
        for offset in (0..<lines.count).reversed() {
            if let error = errors.removeValue(forKey: offset) {
                output[offset] = ScreenedResult(item: nil, verdict: error)
            } else if let outcome = outcomes.popLast(), let item = decoded.popLast(), let line = decodedLines.popLast()
            {
                switch outcome {
                case .clean:
                    output[offset] = ScreenedResult(
                        clean: item,
                        file: sourceName,
                        line: line,
                        policy: digest,
                        screenedAt: screenedAt
                    )
                case .screened(let verdict):
                    output[offset] = ScreenedResult(item: item, verdict: verdict)
                }
            }
        }
    }

    /// Runs `body(0..<count)` on `count` threads (this one and `count - 1` new ones) and waits for all.
    ///
    /// Not `DispatchQueue.concurrentPerform`: called from a Dispatch worker thread, as the daemon does,
    /// libdispatch ran every iteration on that one thread (a 128 MB file took 7.6 s wall for 7.5 CPU-s).
    /// A thread per worker and chunk costs tens of microseconds against a chunk's tens of milliseconds.
    static func runWorkers(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 1 else {
            body(0)
            return
        }
        let done = DispatchGroup()
        for worker in 1..<count {
            done.enter()
            let thread = Thread {
                body(worker)
                done.leave()
            }
            thread.stackSize = 4 << 20
            thread.start()
        }
        body(0)
        done.wait()
    }

    private func isBlank(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}

/// Hands out slice numbers to workers, each exactly once.
private final class SliceCounter: Sendable {
    private let next = Mutex(0)

    /// The next slice not yet taken, or `nil` when all below `count` are.
    func take(below count: Int) -> Int? {
        next.withLock { next in
            guard next < count else { return nil }
            next += 1
            return next - 1
        }
    }
}

/// Carries a pointer to the worker threads; each worker writes disjoint indexes only.
private struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

extension FileReport {
    /// Adds a clean item's pass.
    mutating func countCleanPass() {
        items += 1
        passed += 1
    }

    /// Adds one verdict's counts.
    mutating func count(_ verdict: Verdict) {
        items += 1
        switch verdict.outcome {
        case .pass: passed += 1
        case .flag: flagged += 1
        case .error: errors += 1
        }
        for finding in verdict.findings {
            findingsByCategory[finding.category ?? "none", default: 0] += 1
            findingsByKind[finding.kind.rawValue, default: 0] += 1
            if finding.kind == .ruleError {
                ruleErrorsByRule[finding.rule, default: 0] += 1
            }
        }
    }
}
