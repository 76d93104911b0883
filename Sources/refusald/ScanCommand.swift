import ArgumentParser
import Batch
import Daemon
import Foundation
import Policy
import ReviewStore
import Screening

/// `refusald scan`: screen files once and print verdict JSONL.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Screen JSONL files (or stdin) and write one verdict line per input line.",
        discussion: """
            Input lines are {"id","prompt","response"} or chat form {"id","messages":[...]}. \
            Directories are searched recursively for .jsonl and .ndjson files; '-' reads stdin.
            Exit codes: 0 all pass, 1 something flagged, 2 errors (bad policy, unreadable \
            input, lines that could not be screened).

            Example:
              refusald scan --policies Policies --summary inbox/batch.jsonl > verdicts.jsonl
            """
    )

    @Option(name: .long, help: "Policy directory.")
    var policies: String = "Policies"

    @Option(name: .long, help: "Write verdicts to this file instead of stdout.")
    var output: String?

    @Flag(name: .long, help: "Print a one-screen summary to stderr.")
    var summary = false

    @Option(name: .long, help: "Worker threads (default: number of cores).")
    var concurrency: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: "Longest accepted input line in bytes.")
    var maxLineBytes: Int = 16 << 20

    @Flag(name: .long, help: "Run every rule in PCRE2 without the Vectorscan prefilter (for comparison).")
    var noPrefilter = false

    @Flag(name: .long, help: "Build the prefilter even for small inputs when it is not cached yet (it takes a while).")
    var buildPrefilter = false

    @Option(
        name: .long,
        help: "Cache for compiled prefilter databases (default: $XDG_CACHE_HOME/refusald or ~/.cache/refusald)."
    )
    var cacheDir: String?

    /// Where prefilter databases are cached: compiling them takes seconds, loading them milliseconds.
    private var resolvedCacheDir: String {
        if let cacheDir { return cacheDir }
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CACHE_HOME"] ?? (environment["HOME"].map { $0 + "/.cache" } ?? "/tmp")
        return base + "/refusald"
    }

    @Flag(
        name: .long,
        help: "After the scan, print each rule's PCRE2 runs, matches and time to stderr, costliest first."
    )
    var ruleCosts = false

    @Option(name: .long, help: "Also queue flagged items (and an audit sample of passes) in this review database.")
    var reviewDb: String?

    @Option(name: .long, help: "Share of passing items queued for audit with --review-db (0 to 1).")
    var reviewSampleRate: Double = 0.02

    @Argument(help: "Files, directories or '-' for stdin.")
    var paths: [String]

    func run() throws {
        let files: [String]
        do {
            files = try InputFiles.expand(paths)
        } catch {
            StandardError.print("refusald: \(error)")
            throw ExitStatus.error
        }
        // A cached prefilter loads in milliseconds; building one takes seconds to minutes, which
        // only pays off on large inputs (see PrefilterBuildThreshold). Verdicts are identical either way.
        let inputBytes = files.reduce(0) {
            $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0)
        }
        let compiled: CompiledPolicySet
        do {
            let set = try PolicyLoader().load(directory: policies)
            let cache = PrefilterCache(directory: resolvedCacheDir)
            let buildsUnasked =
                !buildPrefilter && PrefilterBuildThreshold.shouldBuild(inputBytes: inputBytes, workers: concurrency)
            // Said when the compile starts, not when no file is there: a cached file that cannot be read is
            // compiled again too.
            var options = CompiledPolicySet.Options(
                prefilter: !noPrefilter,
                cache: cache,
                cachedPrefilterOnly: !buildPrefilter && !buildsUnasked
            )
            if buildsUnasked {
                let note = Self.buildNote(inputBytes: inputBytes, cacheDirectory: cache.directory)
                options.willCompilePrefilter = { StandardError.print(note) }
            }
            compiled = try CompiledPolicySet(set, options: options)
        } catch {
            StandardError.print("refusald: the policies in \(policies) cannot be used:\n\(error)")
            throw ExitStatus.error
        }
        if !noPrefilter && !compiled.usesPrefilter && PrefilterBuildThreshold.shouldNote(inputBytes: inputBytes) {
            StandardError.print(Self.unfilteredNote(cacheDirectory: resolvedCacheDir))
        }
        let screener = BatchScreener(
            screener: Screener(policies: compiled),
            concurrency: concurrency,
            maxLineBytes: maxLineBytes,
            recordsRuleCosts: ruleCosts
        )
        let outputFD: Int32
        if let output {
            outputFD = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if outputFD < 0 {
                StandardError.print("refusald: cannot write \(output): \(String(cString: strerror(errno)))")
                throw ExitStatus.error
            }
        } else {
            outputFD = STDOUT_FILENO
        }
        defer { if outputFD != STDOUT_FILENO { close(outputFD) } }
        var review: ReviewStore?
        if let reviewDb {
            do {
                review = try ReviewStore(path: reviewDb)
            } catch {
                StandardError.print("refusald: cannot open the review database \(reviewDb): \(error)")
                throw ExitStatus.error
            }
        }
        var total = FileReport(policyDigest: compiled.digest)
        var unreadable = 0
        let progress = StandardError.isTerminal ? ProgressLine(totalBytes: inputBytes) : nil
        for file in files {
            var sinks: [any VerdictSink] = [VerdictFileWriter(fd: outputFD, path: output ?? "stdout")]
            if let progress { sinks.append(progress.sinkForNextFile()) }
            if let review { sinks.append(ReviewQueueSink(store: review, sampleRate: reviewSampleRate)) }
            do {
                let report = try screener.screenFile(at: file, sourceName: file == "-" ? "stdin" : file, sinks: &sinks)
                total.merge(report)
            } catch {
                StandardError.print("refusald: \(error)")
                if error.operation == .write { throw ExitStatus.error }
                unreadable += 1
            }
        }
        progress?.finish()
        if let costs = screener.ruleCosts() { StandardError.print(costs.report(limit: .max)) }
        if summary { StandardError.print(SummaryText.render(total, files: files.count, unreadable: unreadable)) }
        if unreadable > 0 || total.errors > 0 { throw ExitStatus.error }
        if total.flagged > 0 { throw ExitStatus.flagged }
    }
}
