import ArgumentParser
import ReviewStore

/// `refusald annotator add|list|remove`.
struct AnnotatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotator",
        abstract: "Manage the annotators who may log in to the review pages.",
        subcommands: [Add.self, List.self, Remove.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an annotator and print their one-time login token (stored only as a hash).",
            discussion: "Example:\n  refusald annotator add alice --db /var/lib/refusald/review.sqlite"
        )
        @Argument(help: "The annotator's name, recorded with each decision.") var name: String
        @OptionGroup var database: ReviewDatabaseOption
        @Flag(name: .long, help: "Print only the token.") var quiet = false

        func run() async throws {
            let store = try database.open()
            do {
                let credential = try await store.addAnnotator(name: name)
                if quiet {
                    print(credential.token)
                } else {
                    print("annotator \(name) added; login token (shown once, keep it secret):\n\(credential.token)")
                }
            } catch {
                StandardError.print("refusald: \(error)")
                throw ExitStatus.error
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List annotators.")
        @OptionGroup var database: ReviewDatabaseOption

        func run() async throws {
            let store = try database.open()
            for annotator in try await store.annotators() {
                print(annotator.name)
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an annotator (their decisions stay).")
        @Argument(help: "The annotator's name.") var name: String
        @OptionGroup var database: ReviewDatabaseOption

        func run() async throws {
            let store = try database.open()
            do {
                try await store.removeAnnotator(name: name)
            } catch {
                StandardError.print("refusald: \(error)")
                throw ExitStatus.error
            }
        }
    }
}
