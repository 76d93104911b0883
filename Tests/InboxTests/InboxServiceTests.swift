import Synchronization
import Testing

@testable import Inbox

#if canImport(Glibc)
import Glibc
#endif

@Suite("Inbox service (real directories, real inotify)")
struct InboxServiceTests {
    private func verdictLines(_ path: String) -> [String] {
        (Files.read(path) ?? "").split(separator: "\n").map(String.init)
    }

    @Test("a file dropped by rename is screened once, its verdicts committed and the input moved to done/")
    func renameDrop() async throws {
        let harness = try ServiceHarness()
        let screener = TestScreener()
        try await harness.run(screener: screener) { _ in
            try Files.drop(harness.inbox("a.jsonl"), "{\"p\":\"hi\"}\n\n{\"p\":\"hello\"}\n")
            #expect(await eventually { Files.exists(harness.done("a.jsonl")) })
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(screener.screenedNames == ["a.jsonl"])
        #expect(
            verdictLines(harness.verdicts("a.jsonl")) == [
                "{\"source\":\"a.jsonl\",\"line\":1,\"length\":10}",
                "{\"source\":\"a.jsonl\",\"line\":3,\"length\":13}",
            ]
        )
        #expect(Files.list(harness.state.outbox) == ["a.verdicts.jsonl"])
        #expect(Files.list(harness.state.inbox).isEmpty)
        #expect(Files.list(harness.state.work).isEmpty)
        #expect(harness.observer.all == [.screened("a.jsonl", items: 2)])
        let lines = harness.logs.all.filter { $0.message == "screened file" }
        #expect(lines.count == 1)
        #expect(lines.first?.metadata[InboxLogKeys.file] == "a.jsonl")
        #expect(lines.first?.metadata[InboxLogKeys.items] == "2")
        #expect(lines.first?.metadata[InboxLogKeys.flagged] == "0")
        #expect(lines.first?.metadata[InboxLogKeys.errors] == "0")
        #expect(lines.first?.metadata[InboxLogKeys.durationMilliseconds] != nil)
    }

    @Test("a slow writer's file is screened once, after the writer closes it")
    func slowWriter() async throws {
        let harness = try ServiceHarness()
        let screener = TestScreener()
        try await harness.run(screener: screener) { _ in
            let fd = open(harness.inbox("slow.jsonl"), O_WRONLY | O_CREAT, 0o644)
            for piece in ["{\"a\":", "1}\n", "{\"b\":", "22}\n"] {
                _ = piece.withCString { write(fd, $0, strlen($0)) }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(screener.screenedNames.isEmpty)
            #expect(Files.exists(harness.inbox("slow.jsonl")))
            close(fd)
            #expect(await eventually { Files.exists(harness.done("slow.jsonl")) })
        }
        #expect(screener.screenedNames == ["slow.jsonl"])
        #expect(verdictLines(harness.verdicts("slow.jsonl")).count == 2)
    }

    @Test("files already in inbox/ at start are screened; onReady comes after the first scan")
    func startupScan() async throws {
        let harness = try ServiceHarness()
        try harness.state.create()
        try Files.write(harness.inbox("early.jsonl"), "{}\n")
        try Files.write(harness.inbox(".being-written.jsonl"), "{}\n")
        let screener = TestScreener()
        try await harness.run(screener: screener) { _ in
            #expect(await eventually { Files.exists(harness.done("early.jsonl")) })
        }
        #expect(screener.screenedNames == ["early.jsonl"])
        #expect(Files.list(harness.state.inbox) == [".being-written.jsonl"])
    }

    @Test("many files with a concurrency limit: each screened exactly once")
    func manyFiles() async throws {
        let harness = try ServiceHarness(concurrency: 2)
        let screener = TestScreener(delay: .milliseconds(2))
        try await harness.run(screener: screener) { _ in
            for index in 0..<60 {
                try Files.drop(
                    harness.inbox("f\(index).ndjson"),
                    String(repeating: "{\"i\":\(index)}\n", count: index % 5 + 1)
                )
            }
            #expect(await eventually { Files.list(harness.state.done).count == 60 })
        }
        #expect(screener.screenedNames.count == 60)
        #expect(Set(screener.screenedNames).count == 60)
        for index in 0..<60 {
            #expect(verdictLines(harness.verdicts("f\(index).ndjson")).count == index % 5 + 1)
        }
    }

    @Test("each kind of bad file is quarantined with a reason file; the daemon keeps screening")
    func quarantine() async throws {
        let harness = try ServiceHarness(maxFileBytes: 64)
        let screener = TestScreener()
        let expected = [
            "link.jsonl": "symbolic link (not followed)",
            "pipe.jsonl": "named pipe (FIFO)",
            "dir.jsonl": "directory, not a file",
            "big.jsonl": "file too large: 100 bytes, over the limit of 64 (max_file_bytes)",
            "bin.jsonl": "binary file: NUL byte at offset 2",
            "latin1.jsonl": "not UTF-8: invalid byte sequence at offset 3",
            "notes.txt": "unsupported file type: only .jsonl and .ndjson files are screened",
        ]
        try await harness.run(screener: screener) { _ in
            #expect(symlink("/etc/hostname", harness.inbox("link.jsonl")) == 0)
            #expect(mkfifo(harness.inbox("pipe.jsonl"), 0o600) == 0)
            #expect(mkdir(harness.inbox("dir.jsonl"), 0o700) == 0)
            try Files.drop(harness.inbox("big.jsonl"), String(repeating: "x", count: 99) + "\n")
            try Files.write(harness.inbox("bin.jsonl"), bytes: [0x7B, 0x7D, 0x00, 0x0A])
            try Files.write(harness.inbox("latin1.jsonl"), bytes: [0x22, 0x63, 0x61, 0xE9, 0x22, 0x0A])
            try Files.drop(harness.inbox("notes.txt"), "hello\n")
            try Files.drop(harness.inbox("good.jsonl"), "{}\n")
            #expect(await eventually { Files.list(harness.state.quarantine).count == 2 * expected.count })
            #expect(await eventually { Files.exists(harness.done("good.jsonl")) })
        }
        for (name, reason) in expected {
            #expect(Files.exists(harness.state.quarantine + "/" + name), "\(name)")
            #expect(Files.read(harness.state.quarantine + "/" + name + ".reason") == reason + "\n", "\(name)")
        }
        #expect(Files.mode(harness.state.quarantine + "/link.jsonl") & S_IFMT == S_IFLNK, "the link itself moved")
        #expect(screener.screenedNames == ["good.jsonl"])
        #expect(Files.list(harness.state.inbox).isEmpty)
        #expect(Files.list(harness.state.work).isEmpty)
    }

    @Test("files left in work/ are screened again on start and their verdict file replaced")
    func recovery() async throws {
        let harness = try ServiceHarness()
        try harness.state.create()
        try Files.write(harness.work("crashed.jsonl"), "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n")
        try Files.write(harness.verdicts("crashed.jsonl"), "{\"stale\":true}\n")
        try Files.write(harness.state.outbox + "/.crashed.verdicts.jsonl.tmp", "{\"half\":")
        let screener = TestScreener()
        try await harness.run(screener: screener) { _ in
            #expect(await eventually { Files.exists(harness.done("crashed.jsonl")) })
        }
        #expect(screener.screenedNames == ["crashed.jsonl"])
        #expect(verdictLines(harness.verdicts("crashed.jsonl")).count == 3)
        #expect(Files.read(harness.verdicts("crashed.jsonl"))?.contains("stale") == false)
        #expect(Files.list(harness.state.outbox) == ["crashed.verdicts.jsonl"])
    }

    @Test("a second service on the same state directory refuses to start, naming the directory and pid")
    func secondInstance() async throws {
        let harness = try ServiceHarness()
        try await harness.run(screener: TestScreener()) { _ in
            let second = harness.makeService(screener: TestScreener())
            let error = await #expect(throws: InboxError.self) { try await second.run() }
            #expect(error?.code == .stateDirectoryLocked)
            #expect(error?.message.contains(harness.state.path) == true)
            #expect(error?.message.contains("pid \(getpid())") == true)
        }
    }

    @Test("a write failure leaves no partial verdict file; the input stays in work/ and is retried")
    func writeFailure() async throws {
        var harness = try ServiceHarness()
        harness.tuning.retryBase = .milliseconds(400)
        let screener = TestScreener(failures: 1)
        try await harness.run(screener: screener) { _ in
            try Files.drop(harness.inbox("a.jsonl"), "{\"a\":1}\n{\"b\":2}\n")
            #expect(await eventually { harness.observer.all == [.failed("a.jsonl")] })
            #expect(harness.observer.outboxSnapshotsAtFailures == [[]], "the partial output was removed")
            #expect(Files.exists(harness.work("a.jsonl")))
            #expect(Files.list(harness.state.outbox).isEmpty)
            #expect(await eventually { Files.exists(harness.done("a.jsonl")) })
        }
        #expect(screener.screenedNames == ["a.jsonl", "a.jsonl"])
        #expect(harness.observer.all == [.failed("a.jsonl"), .screened("a.jsonl", items: 2)])
        #expect(verdictLines(harness.verdicts("a.jsonl")).count == 2)
    }

    @Test("on shutdown, a file still screening after the grace period stays in work/ and is recovered next start")
    func graceExpires() async throws {
        var harness = try ServiceHarness()
        harness.configuration.gracePeriod = .milliseconds(200)
        let stuck = TestScreener(waitsForCancellation: true)
        try await harness.run(screener: stuck) { shutdown in
            try Files.drop(harness.inbox("a.jsonl"), "{}\n")
            #expect(await eventually { stuck.screenedNames == ["a.jsonl"] })
            try Files.drop(harness.inbox("b.jsonl"), "{}\n")
            try Files.drop(harness.inbox("c.jsonl"), "{}\n")
            try await Task.sleep(for: .milliseconds(50))
            await shutdown()
        }
        #expect(Files.list(harness.state.work).contains("a.jsonl"))
        #expect(Files.list(harness.state.outbox).isEmpty, "no verdict file, not even a temporary one")
        #expect(
            Files.list(harness.state.done).count + Files.list(harness.state.work).count
                + Files.list(harness.state.inbox).count == 3
        )

        let screener = TestScreener()
        try await harness.run(screener: screener) { _ in
            #expect(await eventually { Files.list(harness.state.done).count == 3 })
        }
        #expect(Files.list(harness.state.outbox) == ["a.verdicts.jsonl", "b.verdicts.jsonl", "c.verdicts.jsonl"])
    }

    @Test("on shutdown, a file that finishes within the grace period is committed")
    func graceSuffices() async throws {
        let harness = try ServiceHarness()
        let slow = TestScreener(delay: .milliseconds(300))
        try await harness.run(screener: slow) { shutdown in
            try Files.drop(harness.inbox("a.jsonl"), "{}\n")
            #expect(await eventually { slow.screenedNames == ["a.jsonl"] })
            await shutdown()
        }
        #expect(Files.exists(harness.done("a.jsonl")))
        #expect(Files.list(harness.state.outbox) == ["a.verdicts.jsonl"])
    }

    @Test("a file dropped again under the same name never overwrites the earlier one's verdicts")
    func sameNameTwice() async throws {
        let harness = try ServiceHarness()
        let screener = TestScreener()
        try await harness.run(screener: screener) { _ in
            try Files.drop(harness.inbox("a.jsonl"), "{}\n")
            #expect(await eventually { Files.exists(harness.done("a.jsonl")) })
            try Files.drop(harness.inbox("a.jsonl"), "{}\n{}\n")
            #expect(await eventually { Files.exists(harness.done("a~2.jsonl")) })
        }
        #expect(screener.screenedNames == ["a.jsonl", "a~2.jsonl"])
        #expect(verdictLines(harness.verdicts("a.jsonl")).count == 1)
        #expect(verdictLines(harness.verdicts("a~2.jsonl")).count == 2)
    }
}
