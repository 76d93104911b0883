import ArgumentParser
import Foundation
import Policy
import PolicyTools

/// `refusald policy diff`: what changes on a corpus between two policy sets.
struct PolicyDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Screen a corpus with two policy sets and list the items whose verdict or findings change.",
        discussion: """
            The corpus is JSONL with "id", "prompt" and "response" (labels optional; `label.should_refuse` \
            is shown next to changed items when present). Per rule: items matched before and after.
            Exit codes: 0 nothing changed, 1 some item changed, 2 unreadable corpus or policies.

            Example:
              refusald policy diff Policies candidate/Policies --corpus ../shared/corpora/xstest/xstest_prompts.jsonl
            """
    )

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @Argument(help: "The deployed policy directory.")
    var oldDirectory: String

    @Argument(help: "The candidate policy directory.")
    var newDirectory: String

    @Option(name: .long, help: "JSONL corpus to screen with both sets.")
    var corpus: String

    @Option(name: .long, help: "Output format: table or json.")
    var format: Format = .table

    @Flag(
        name: .long,
        help:
            "Screen through the Vectorscan prefilter as `scan` does (same figures by construction; the build takes seconds per policy set)."
    )
    var prefilter = false

    func run() throws {
        let items: EvalCorpus
        let old: CompiledPolicySet
        let new: CompiledPolicySet
        do {
            items = try EvalCorpus.load(path: corpus)
            old = try CompiledPolicySet.load(directory: oldDirectory, options: .init(prefilter: prefilter))
            new = try CompiledPolicySet.load(directory: newDirectory, options: .init(prefilter: prefilter))
        } catch {
            StandardError.print("refusald: \(error)")
            throw ExitStatus.error
        }
        let report = PolicyDiff(old: old, new: new).compare(items, name: corpus)
        print(format == .json ? report.json.rendered() : report.table)
        if !report.changed.isEmpty { throw ExitStatus.flagged }
    }
}
