import ArgumentParser
import Foundation
import Policy
import PolicyTools

/// `refusald policy …`: tools for the policy files.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Lint and test policy files.",
        subcommands: [LintCommand.self, TestCommand.self]
    )
}

/// `refusald policy lint`.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check policy files: schema, ids, PCRE2 compile errors, empty matches, tests.",
        discussion: """
            Prints file:line:col: error|warning: message. Exit 1 when there is any error.

            Example:
              refusald policy lint Policies
            """
    )

    @Argument(help: "Policy directory.")
    var directory: String = "Policies"

    func run() throws {
        let diagnostics = PolicyLinter().lint(directory: directory)
        for diagnostic in diagnostics { print(diagnostic) }
        let errors = diagnostics.filter { $0.severity == .error }.count
        print("\(errors) error(s), \(diagnostics.count - errors) warning(s)")
        if errors > 0 { throw ExitStatus.flagged }
    }
}

/// `refusald policy test`.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the tests embedded in the policy files.",
        discussion: """
            Each test's findings must equal its `expect` list exactly. Ends with 'N passed, N failed'; \
            exit 1 on any failure, 2 when the policies do not load.

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
            compiled = try CompiledPolicySet.load(directory: directory)
        } catch {
            print(error)
            throw ExitStatus.error
        }
        let outcomes = PolicyTestRunner(policies: compiled).run(filter: filter)
        print(TestReport.render(outcomes))
        if outcomes.contains(where: { !$0.passed }) { throw ExitStatus.flagged }
    }
}
