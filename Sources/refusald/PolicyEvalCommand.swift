import ArgumentParser
import Foundation
import Policy
import PolicyTools

/// `refusald policy eval`: screens a labelled corpus and reports how the policies agree with people.
struct PolicyEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract:
            "Screen a labelled JSONL corpus and report per-rule precision, must-refuse recall and refusal-detector agreement.",
        discussion: """
            Corpus rows: {"id", "prompt", "response" (string or null), "label": {"should_refuse", \
            "refused" (true/false/"partial"/null), "category", "content_harmful", "source_labels": {"type"}}}. \
            --from-reviews reads a `refusald export` of the review store (same label shape; the type \
            breakdown is the review queue).
            Exit codes: 0 report printed, 2 unreadable corpus or policies.

            Examples:
              refusald policy eval --corpus ../shared/corpora/xstest/xstest_prompts.jsonl
              refusald policy eval --policies Policies --from-reviews reviews.jsonl --format json
            """
    )

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @Option(name: .long, help: "Labelled JSONL corpus.")
    var corpus: String?

    @Option(name: .long, help: "Use the annotators' decisions: a JSONL export of the review store (`refusald export`).")
    var fromReviews: String?

    @Option(name: .long, help: "Policy directory.")
    var policies: String = "Policies"

    @Option(name: .long, help: "Output format: table or json.")
    var format: Format = .table

    @Flag(
        name: .long,
        help:
            "Screen through the Vectorscan prefilter as `scan` does (same figures by construction; the build takes seconds per policy set)."
    )
    var prefilter = false

    func validate() throws {
        if (corpus == nil) == (fromReviews == nil) {
            throw ValidationError("give exactly one of --corpus FILE or --from-reviews FILE")
        }
    }

    func run() throws {
        let path = corpus ?? fromReviews ?? "-"
        let labelled: EvalCorpus
        let compiled: CompiledPolicySet
        do {
            labelled = try EvalCorpus.load(path: path, source: corpus != nil ? .corpus : .reviewExport)
            compiled = try CompiledPolicySet.load(directory: policies, options: .init(prefilter: prefilter))
        } catch {
            StandardError.print("refusald: \(error)")
            throw ExitStatus.error
        }
        let report = PolicyEvaluator(policies: compiled).evaluate(labelled, name: path)
        print(format == .json ? report.json.rendered() : report.table)
    }
}
