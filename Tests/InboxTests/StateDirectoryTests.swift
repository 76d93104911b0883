import Testing

@testable import Inbox

#if canImport(Glibc)
import Glibc
import TestSupport
#endif

@Suite("State directory")
struct StateDirectoryTests {
    @Test("create() makes the five subdirectories with mode 0750, whatever the umask")
    func layout() throws {
        let temporary = try TemporaryDirectory()
        let state = StateDirectory(path: temporary.file("nested/state"))
        let previous = umask(0)
        defer { umask(previous) }
        try state.create()
        try state.create()  // idempotent
        #expect(Files.list(state.path) == ["done", "inbox", "outbox", "quarantine", "work"])
        for directory in state.subdirectories + [state.path] {
            #expect(Files.mode(directory) & 0o7777 == 0o750, "\(directory)")
            #expect(Files.mode(directory) & S_IFMT == S_IFDIR)
        }
    }

    @Test("the lock refuses a second holder, naming the directory and the pid, and is released on deinit")
    func lock() throws {
        let temporary = try TemporaryDirectory()
        let state = StateDirectory(path: temporary.path)
        try state.create()
        var first: StateDirectoryLock? = try state.lock()
        #expect(Files.read(state.lockFile) == "\(getpid())\n")
        let error = #expect(throws: InboxError.self) { try state.lock() }
        #expect(error?.code == .stateDirectoryLocked)
        #expect(error?.message.contains(temporary.path) == true)
        #expect(error?.message.contains("pid \(getpid())") == true)
        _ = first
        first = nil
        let second = try state.lock()
        #expect(second.directory == state)
    }

    @Test("verdict files are named after the input's stem")
    func verdictNames() {
        let state = StateDirectory(path: "/srv/refusald/")
        #expect(state.verdictPath(for: "batch-7.jsonl") == "/srv/refusald/outbox/batch-7.verdicts.jsonl")
        #expect(state.verdictPath(for: "b.ndjson") == "/srv/refusald/outbox/b.verdicts.jsonl")
        #expect(InboxFileName.candidate(for: "batch-7.jsonl", attempt: 1) == "batch-7.jsonl")
        #expect(InboxFileName.candidate(for: "batch-7.jsonl", attempt: 3) == "batch-7~3.jsonl")
        #expect(InboxFileName.candidate(for: "notes.txt", attempt: 2) == "notes.txt~2")
    }

    @Test("the retention sweep deletes only expired regular files in done/")
    func retentionSweep() throws {
        let temporary = try TemporaryDirectory()
        let state = StateDirectory(path: temporary.path)
        try state.create()
        let files = InboxFiles(directory: state, classifier: FileClassifier(maxFileBytes: 1_000))
        try Files.write(state.done + "/old.jsonl", "{}\n")
        try Files.write(state.done + "/new.jsonl", "{}\n")
        try Files.write(state.quarantine + "/old-bad.jsonl", "\0")
        #expect(mkdir(state.done + "/old-dir", 0o700) == 0)
        let eightDaysAgo = Syscall.wallClockSeconds() - 8 * 86_400
        for path in [state.done + "/old.jsonl", state.quarantine + "/old-bad.jsonl", state.done + "/old-dir"] {
            var times = [timespec(tv_sec: eightDaysAgo, tv_nsec: 0), timespec(tv_sec: eightDaysAgo, tv_nsec: 0)]
            #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        }
        let removed = try files.sweepDone(retention: .seconds(7 * 86_400), now: Syscall.wallClockSeconds())
        #expect(removed == 1)
        #expect(Files.list(state.done) == ["new.jsonl", "old-dir"])
        #expect(Files.list(state.quarantine) == ["old-bad.jsonl"])
    }
}
