import ArgumentParser

/// The `refusald` command: screening, the daemon, policy tools and review.
@main
struct Refusald: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refusald",
        abstract: "Screen chatbot output against refusal policies (PCRE2 rules in YAML).",
        discussion: """
            Exit codes: 0 all items pass, 1 something was flagged (or a check failed), \
            2 an error (bad policy, bad configuration, unreadable input, error verdicts).

            Example:
              refusald scan --policies Policies --summary batch.jsonl > verdicts.jsonl
            """,
        subcommands: [
            ScanCommand.self, RunCommand.self, PolicyCommand.self, ReviewCommand.self, AnnotatorCommand.self,
            ExportCommand.self,
        ]
    )
}
