import Foundation
import Testing

@testable import Policy

@Suite("Policy digest")
struct PolicyDigestTests {
    private func digest(_ directory: PolicyDirectory) throws -> String {
        try PolicyLoader().load(directory: directory.path).digest
    }

    @Test("the digest is sha256 over name, NUL, bytes, NUL for each file in name order")
    func documentedFormula() throws {
        let directory = try PolicyDirectory(["violence.yaml": PolicyDirectory.violence])
        var input = Data()
        for name in ["refusals.yaml", "violence.yaml"] {
            input.append(contentsOf: Array(name.utf8) + [0])
            input.append(try Data(contentsOf: URL(fileURLWithPath: directory.file(name))))
            input.append(0)
        }
        let expected = "sha256:" + (try sha256sum(input))
        #expect(try digest(directory) == expected)
    }

    @Test("the digest is stable across loads and ignores non-YAML files")
    func stable() throws {
        let directory = try PolicyDirectory(["violence.yaml": PolicyDirectory.violence])
        let first = try digest(directory)
        #expect(first.hasPrefix("sha256:"))
        #expect(first.count == 7 + 64)
        #expect(first.dropFirst(7).allSatisfy { "0123456789abcdef".contains($0) })
        #expect(try digest(directory) == first)
        try directory.write("NOTES.md", "notes change nothing")
        #expect(try digest(directory) == first)

        let twin = try PolicyDirectory(["violence.yaml": PolicyDirectory.violence])
        #expect(try digest(twin) == first)
    }

    @Test("the digest changes when a file's bytes change, even by a comment")
    func changesWithContent() throws {
        let directory = try PolicyDirectory(["violence.yaml": PolicyDirectory.violence])
        let before = try digest(directory)
        try directory.write("violence.yaml", PolicyDirectory.violence + "\n# reviewed\n")
        let after = try digest(directory)
        #expect(after != before)
        try directory.write("refusals.yaml", PolicyDirectory.refusals + "\n")
        #expect(try digest(directory) != after)
    }

    @Test("the digest changes when a file is renamed (names are hashed)")
    func changesWithName() throws {
        let first = try PolicyDirectory(["violence.yaml": PolicyDirectory.violence])
        let second = try PolicyDirectory(["weapons.yaml": PolicyDirectory.violence])
        #expect(try digest(first) != digest(second))
    }

    /// SHA-256 of `data` as lowercase hex, computed by coreutils so the test does not reuse the code under test.
    private func sha256sum(_ data: Data) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString)").path
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }
}
