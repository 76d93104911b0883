import ArgumentParser
import Foundation
import Policy
import PolicyTools

/// `refusald policy …`: tools for the people who write and tune policy files.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Lint, test, evaluate and diff policy files; show their prefilter atoms.",
        subcommands: [Lint.self, Test.self, PolicyEvalCommand.self, PolicyDiffCommand.self, PolicyAtomsCommand.self]
    )

    /// `refusald policy lint`.
    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract:
                "Check policy files: schema, ids, PCRE2 compile errors, empty matches, catastrophic backtracking, tests.",
            discussion: """
                Prints file:line:col: error|warning: message, sorted, then 'N error(s), N warning(s)'. \
                Besides the loader's checks, every pattern is run over adversarial inputs built from its own \
                text under a lowered match limit (catastrophic backtracking is an error naming the input), and \
                rules the Vectorscan prefilter rejects are warned about (they always run in PCRE2).
                Exit codes: 0 no errors (warnings allowed), 1 errors.

                Examples:
                  refusald policy lint Policies
                  refusald policy lint Policies --format json
                """
        )

        /// Output formats (`policy atoms` takes the same).
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        @Argument(help: "Policy directory.")
        var directory: String = "Policies"

        @Option(name: .long, help: "Output format: text (compiler style) or json.")
        var format: Format = .text

        @Flag(name: .long, help: "Skip the catastrophic-backtracking probe.")
        var noBacktracking = false

        @Flag(name: .long, help: "Skip building the Vectorscan prefilter (no slow-rule warnings).")
        var noPrefilter = false

        func run() throws {
            let options = PolicyLinter.Options(backtracking: !noBacktracking, prefilter: !noPrefilter)
            let diagnostics = PolicyLinter(options: options).lint(directory: directory)
            print(LintReport.render(diagnostics, format: format == .json ? .json : .text))
            if diagnostics.contains(where: { $0.severity == .error }) { throw ExitStatus.flagged }
        }
    }

    /// `refusald policy test`.
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run the tests embedded in the policy files.",
            discussion: """
                Each test's findings must equal its `expect` list exactly; every failure is printed with \
                the expected and actual findings and their spans. Ends with 'N passed, N failed'.
                Exit codes: 0 all pass, 1 any failure, 2 the policies do not load.

                Example:
                  refusald policy test Policies --filter violence.
                """
        )

        @Argument(help: "Policy directory.")
        var directory: String = "Policies"

        @Option(name: .long, help: "Only tests expecting this rule id (or id prefix).")
        var filter: String?

        func run() throws {
            let compiled: CompiledPolicySet
            do {
                compiled = try CompiledPolicySet.load(directory: directory, options: .init(prefilter: false))
            } catch {
                StandardError.print("refusald: the policies in \(directory) cannot be used:\n\(error)")
                throw ExitStatus.error
            }
            let outcomes = PolicyTestRunner(policies: compiled).run(filter: filter)
            print(TestReport.render(outcomes))
            if outcomes.contains(where: { !$0.passed }) { throw ExitStatus.flagged }
        }
    }
}
