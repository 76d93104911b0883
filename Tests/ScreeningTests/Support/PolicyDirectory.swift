import Foundation

/// A policy directory under the system temp directory, written by a test and removed after it.
final class PolicyDirectory {
    let path: String

    /// Creates the directory with `files` (name → contents).
    init(_ files: [String: String]) throws {
        path =
            FileManager.default.temporaryDirectory.appendingPathComponent("screening-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path + "/" + name))
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
