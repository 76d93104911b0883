import Synchronization
import Testing

@testable import Inbox

#if canImport(Glibc)
import Glibc
import TestSupport
#endif

@Suite("Inbox watcher (real inotify)")
struct InboxWatcherTests {
    /// Collects a watcher's events in the background.
    final class Collector: Sendable {
        let events = Mutex<[InboxEvent]>([])
        var snapshot: [InboxEvent] { events.withLock { $0 } }
    }

    private func watch(_ directory: String, _ body: (Collector) async throws -> Void) async throws {
        let watcher = try InboxWatcher(directory: directory)
        let collector = Collector()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in watcher.events() {
                    collector.events.withLock { $0.append(event) }
                }
            }
            try await body(collector)
            group.cancelAll()
        }
    }

    @Test("a file renamed into the directory is reported once; its temporary name is not")
    func renameDrop() async throws {
        let directory = try TemporaryDirectory()
        try await watch(directory.path) { collector in
            try Files.drop(directory.file("a.jsonl"), "{}\n")
            #expect(await eventually { collector.snapshot == [.file("a.jsonl")] })
            try await Task.sleep(for: .milliseconds(100))
            #expect(collector.snapshot == [.file("a.jsonl")])
        }
    }

    @Test("a slow writer's file is reported only after it is closed")
    func slowWriter() async throws {
        let directory = try TemporaryDirectory()
        try await watch(directory.path) { collector in
            let fd = open(directory.file("slow.jsonl"), O_WRONLY | O_CREAT, 0o644)
            #expect(fd >= 0)
            for piece in ["{\"a\":", "1}\n", "{\"b\":2}\n"] {
                _ = piece.withCString { write(fd, $0, strlen($0)) }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(collector.snapshot.isEmpty)
            close(fd)
            #expect(await eventually { collector.snapshot == [.file("slow.jsonl")] })
        }
    }

    @Test("dotfiles, .tmp and .part files are ignored")
    func ignored() async throws {
        let directory = try TemporaryDirectory()
        try await watch(directory.path) { collector in
            for name in [".hidden.jsonl", "x.jsonl.tmp", "y.jsonl.part"] {
                try Files.write(directory.file(name), "{}\n")
            }
            try Files.write(directory.file("z.jsonl"), "{}\n")
            #expect(await eventually { collector.snapshot.contains(.file("z.jsonl")) })
            #expect(collector.snapshot == [.file("z.jsonl")])
        }
    }

    @Test("things that are not regular files are reported as soon as they are created")
    func nonRegular() async throws {
        let directory = try TemporaryDirectory()
        try await watch(directory.path) { collector in
            #expect(mkfifo(directory.file("pipe.jsonl"), 0o600) == 0)
            #expect(mkdir(directory.file("dir.jsonl"), 0o700) == 0)
            #expect(symlink("/etc/hostname", directory.file("link.jsonl")) == 0)
            #expect(await eventually { collector.snapshot.count == 3 })
            #expect(Set(collector.snapshot) == [.file("pipe.jsonl"), .file("dir.jsonl"), .file("link.jsonl")])
        }
    }

    @Test("many files dropped at once are all reported: nothing is dropped by the buffer")
    func burst() async throws {
        let directory = try TemporaryDirectory()
        try await watch(directory.path) { collector in
            for index in 0..<500 {
                try Files.drop(directory.file("f\(index).jsonl"), "{}\n")
            }
            #expect(await eventually { Set(collector.snapshot).count == 500 || collector.snapshot.contains(.rescan) })
        }
    }

    @Test("the sequence ends when the watched directory is removed")
    func directoryRemoved() async throws {
        let directory = try TemporaryDirectory()
        let inbox = directory.file("inbox")
        #expect(mkdir(inbox, 0o700) == 0)
        let watcher = try InboxWatcher(directory: inbox)
        let ended = ReadyCount()
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in watcher.events() {}
                ended.count.withLock { $0 += 1 }
            }
            #expect(rmdir(inbox) == 0)
            #expect(await eventually { ended.count.withLock { $0 } == 1 })
            group.cancelAll()
        }
    }
}
