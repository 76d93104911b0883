import TestSupport

/// A policy directory under the system temp directory, written by a test and removed after it.
final class PolicyDirectory {
    private let directory: TemporaryDirectory
    /// The directory's absolute path.
    var path: String { directory.path }

    /// Creates the directory with `files` (name → contents).
    init(_ files: [String: String]) throws {
        directory = try TemporaryDirectory(prefix: "screening-tests")
        for (name, text) in files { try directory.write(name, text) }
    }
}
