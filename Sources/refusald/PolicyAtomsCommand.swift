import ArgumentParser
import Foundation
import Policy
import PolicyTools

/// `refusald policy atoms`: what the prefilter looks for before each rule runs in PCRE2.
struct PolicyAtomsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atoms",
        abstract: "Show the literal strings the prefilter looks for before each rule runs in PCRE2.",
        discussion: """
            A rule runs in PCRE2 only on texts that hold one string of each of its literal clauses (YARA's \
            atoms), taken from the pattern itself: the rarest clauses, at most three. A rule that \
            `refusald scan --rule-costs` shows running often without matching has a clause that ordinary \
            text satisfies; reword the pattern so a rarer one is required. Each clause comes with its \
            chance hits per billion characters, the prefilter's ranking model (each letter one chance in \
            26; lower is rarer, but real words differ: "fazer" is common for five letters). `\\s` in a string stands \
            for one white-space character, `\\b` for a word boundary. A rule without selective literals \
            runs its loosened pattern in Vectorscan's prefilter mode. Nothing is compiled by Vectorscan here: \
            `refusald policy lint` reports patterns it rejects.
            Exit codes: 0 listed, 2 unreadable policies or a --rule prefix that matches no rule.

            Examples:
              refusald policy atoms Policies --rule violence.attack.person
              refusald policy atoms Policies --format json
            """
    )

    @Argument(help: "Policy directory.")
    var directory: String = "Policies"

    @Option(name: .long, help: "Only rules whose id starts with this (repeatable).")
    var rule: [String] = []

    @Option(name: .long, help: "Output format: text or json.")
    var format: PolicyCommand.Lint.Format = .text

    @Flag(name: .long, help: "List every string of each clause (text format shows the first 12).")
    var allStrings = false

    func run() throws {
        let report: AtomsReport
        do {
            report = try AtomsReport(PolicyLoader().load(directory: directory), rulePrefixes: rule)
        } catch {
            StandardError.print("refusald: \(error)")
            throw ExitStatus.error
        }
        print(format == .json ? report.json() : report.text(stringsPerClause: allStrings ? nil : 12))
    }
}
