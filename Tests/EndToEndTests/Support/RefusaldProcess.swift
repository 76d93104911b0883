import Foundation

/// Runs the built `refusald` binary the way a user would, capturing its output.
struct RefusaldProcess {
    /// The repository root, found from this file's path.
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary: `$REFUSALD_BIN`, or `.build/debug/refusald` in the repository.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["REFUSALD_BIN"] { return URL(fileURLWithPath: path) }
        return repoRoot.appendingPathComponent(".build/debug/refusald")
    }

    /// A fixture path under `Tests/EndToEndTests/Fixtures`.
    static func fixture(_ name: String) -> String {
        repoRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures").appendingPathComponent(name).path
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        /// Stdout split into JSON objects, one per line.
        func jsonLines() throws -> [[String: Any]] {
            try stdout.split(separator: "\n").map { line in
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            }
        }
    }

    /// Runs `refusald` with `arguments`, feeding `stdin` if given, and waits for it.
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil) throws -> Result
    {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently so a full pipe cannot deadlock the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("refusald-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
