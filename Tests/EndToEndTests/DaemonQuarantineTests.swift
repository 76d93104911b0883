import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Files that cannot be screened go to `quarantine/` with a `.reason` file, and the daemon goes on.
@Suite("refusald run: quarantine (built binary)", .timeLimit(.minutes(1)))
struct DaemonQuarantineTests {
    /// A bad file: its name in the inbox, how to make it there, and what its reason must say.
    struct BadFile: Sendable, CustomStringConvertible {
        let name: String
        let reason: String
        let make: @Sendable (_ inbox: URL, _ staging: URL) throws -> Void
        var description: String { name }
    }

    static let badFiles: [BadFile] = [
        BadFile(name: "passwd-link.jsonl", reason: "symbolic link (not followed)") { inbox, _ in
            try FileManager.default.createSymbolicLink(
                atPath: inbox.appendingPathComponent("passwd-link.jsonl").path,
                withDestinationPath: "/etc/passwd"
            )
        },
        BadFile(name: "pipe.jsonl", reason: "named pipe (FIFO)") { inbox, _ in
            guard mkfifo(inbox.appendingPathComponent("pipe.jsonl").path, 0o644) == 0 else {
                throw DaemonTestError("mkfifo: \(String(cString: strerror(errno)))")
            }
        },
        BadFile(name: "folder.jsonl", reason: "directory, not a file") { inbox, staging in
            let folder = staging.appendingPathComponent("folder.jsonl")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try daemonTestItems(prefix: "dir", count: 2).write(
                to: folder.appendingPathComponent("inner.jsonl"),
                atomically: false,
                encoding: .utf8
            )
            try FileManager.default.moveItem(at: folder, to: inbox.appendingPathComponent("folder.jsonl"))
        },
        BadFile(name: "oversize.jsonl", reason: "file too large") { inbox, _ in
            // Valid JSONL, just over the 1 KiB limit the daemon runs with.
            try DaemonProcess.drop("oversize.jsonl", Data(daemonTestItems(prefix: "big", count: 40).utf8), into: inbox)
        },
        BadFile(name: "binary.jsonl", reason: "binary file: NUL byte at offset 11") { inbox, _ in
            try DaemonProcess.drop(
                "binary.jsonl",
                Data(#"{"id":"x","\#0prompt":"a","response":"b"}"#.utf8 + [10]),
                into: inbox
            )
        },
        BadFile(name: "latin1.jsonl", reason: "not UTF-8") { inbox, _ in
            let latin1 = Array(#"{"id":"x","prompt":"caf"#.utf8) + [0xE9] + Array(#"","response":"ok"}"#.utf8) + [10]
            try DaemonProcess.drop("latin1.jsonl", Data(latin1), into: inbox)
        },
        BadFile(name: "notes.txt", reason: "unsupported file type: only .jsonl and .ndjson files are screened") {
            inbox,
            _ in
            try DaemonProcess.drop("notes.txt", Data(daemonTestItems(prefix: "txt", count: 2).utf8), into: inbox)
        },
    ]

    @Test("every kind of bad file is quarantined with its reason; a good file dropped afterwards is screened")
    func badFilesAreQuarantined() async throws {
        let root = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let staging = root.appendingPathComponent("staging")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        let daemon = try DaemonProcess(
            stateDirectory: DaemonProcess.stateDirectory(in: root),
            arguments: ["--max-file-bytes", "1KiB"]
        )
        defer { daemon.kill() }
        try await daemon.waitUntilReady()
        let passwdBefore = try Data(contentsOf: URL(fileURLWithPath: "/etc/passwd"))

        for bad in Self.badFiles {
            try bad.make(daemon.inbox, staging)
        }
        let expected = Set(Self.badFiles.flatMap { [$0.name, $0.name + ".reason"] })
        let arrived = await DaemonProcess.poll(timeout: .seconds(20)) {
            Set(DaemonProcess.names(in: daemon.quarantine)) == expected
        }
        #expect(arrived, "quarantine/ holds \(DaemonProcess.names(in: daemon.quarantine)); log:\n\(daemon.log)")
        #expect(daemon.process.isRunning, "the daemon keeps running")

        for bad in Self.badFiles {
            let reasonFile = daemon.quarantine.appendingPathComponent(bad.name + ".reason")
            let reason = (try? String(contentsOf: reasonFile, encoding: .utf8)) ?? "<no reason file>"
            #expect(reason.hasPrefix(bad.reason), "\(bad.name): reason is \(reason.debugDescription)")
            #expect(reason.hasSuffix("\n") && reason.split(separator: "\n").count == 1, "\(bad.name): one line")
        }
        let oversizeReason = try String(
            contentsOf: daemon.quarantine.appendingPathComponent("oversize.jsonl.reason"),
            encoding: .utf8
        )
        #expect(oversizeReason.contains("over the limit of 1024 (max_file_bytes)"), "\(oversizeReason)")

        // The quarantined things are what was dropped, moved as they are: the link is still a link
        // to /etc/passwd (never followed, never copied), the FIFO a FIFO, the directory with its file.
        let link = daemon.quarantine.appendingPathComponent("passwd-link.jsonl").path
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "/etc/passwd")
        #expect(try Data(contentsOf: URL(fileURLWithPath: "/etc/passwd")) == passwdBefore)
        var status = stat()
        #expect(
            lstat(daemon.quarantine.appendingPathComponent("pipe.jsonl").path, &status) == 0
                && status.st_mode & S_IFMT == S_IFIFO
        )
        #expect(DaemonProcess.names(in: daemon.quarantine.appendingPathComponent("folder.jsonl")) == ["inner.jsonl"])

        // Nothing bad produced verdicts, nothing is left behind in inbox/ or work/.
        #expect(DaemonProcess.names(in: daemon.outbox, hidden: true).isEmpty)
        #expect(DaemonProcess.names(in: daemon.inbox, hidden: true).isEmpty)
        #expect(DaemonProcess.names(in: daemon.work, hidden: true).isEmpty)
        #expect(DaemonProcess.names(in: daemon.done).isEmpty)

        // The daemon goes on: a good file dropped afterwards is screened.
        try daemon.drop("good.jsonl", daemonTestItems(prefix: "g", count: 3))
        let verdicts = try await daemon.verdicts(for: "good.jsonl")
        #expect(verdicts.map { $0["verdict"] as? String } == ["flag", "pass", "pass"])
        #expect(
            await DaemonProcess.poll(timeout: .seconds(5)) { DaemonProcess.names(in: daemon.done) == ["good.jsonl"] }
        )
        #expect(try await daemon.metric(#"refusald_files_total{outcome="quarantined"}"#) == Double(Self.badFiles.count))
        #expect(daemon.process.isRunning)
    }
}
