import Testing

@testable import Inbox

#if canImport(Glibc)
import Glibc
import TestSupport
#endif

@Suite("File classifier")
struct FileClassifierTests {
    let directory: TemporaryDirectory
    let classifier = FileClassifier(maxFileBytes: 1_000)

    init() throws {
        directory = try TemporaryDirectory()
    }

    private func classify(_ name: String) throws -> FileClassifier.Classification {
        try classifier.classify(path: directory.file(name), name: name)
    }

    private func reason(_ name: String) throws -> String? {
        if case .quarantine(let reason) = try classify(name) { return reason }
        return nil
    }

    @Test("a small UTF-8 JSONL file is screenable, as is an empty one")
    func goodFile() throws {
        try Files.write(directory.file("ok.jsonl"), "{\"prompt\":\"héllo ✓\",\"response\":\"🙂\"}\n")
        try Files.write(directory.file("empty.ndjson"), "")
        #expect(try classify("ok.jsonl") == .screenable)
        #expect(try classify("empty.ndjson") == .screenable)
    }

    @Test("a symbolic link is quarantined and never followed")
    func symlink() throws {
        try Files.write(directory.file("target.jsonl"), "{}\n")
        #expect(Glibc.symlink(directory.file("target.jsonl"), directory.file("link.jsonl")) == 0)
        #expect(try reason("link.jsonl") == "symbolic link (not followed)")
    }

    @Test("a FIFO is quarantined without blocking on it")
    func fifo() throws {
        #expect(mkfifo(directory.file("pipe.jsonl"), 0o600) == 0)
        #expect(try reason("pipe.jsonl") == "named pipe (FIFO)")
    }

    @Test("a directory is quarantined")
    func directoryEntry() throws {
        #expect(mkdir(directory.file("dir.jsonl"), 0o700) == 0)
        #expect(try reason("dir.jsonl") == "directory, not a file")
    }

    @Test("a device is quarantined (needs root to create one)", .enabled(if: geteuid() == 0))
    func device() throws {
        // 0x103 is major 1, minor 3: /dev/null.
        #expect(mknod(directory.file("null.jsonl"), S_IFCHR | 0o600, dev_t(0x103)) == 0)
        #expect(try reason("null.jsonl") == "character device")
    }

    @Test("an unreadable file is quarantined (root reads everything)", .enabled(if: geteuid() != 0))
    func unreadable() throws {
        try Files.write(directory.file("secret.jsonl"), "{}\n")
        #expect(chmod(directory.file("secret.jsonl"), 0) == 0)
        #expect(try reason("secret.jsonl")?.hasPrefix("unreadable") == true)
    }

    @Test("a file over max_file_bytes is quarantined with its size and the limit")
    func tooLarge() throws {
        try Files.write(directory.file("big.jsonl"), String(repeating: "x", count: 1_001))
        #expect(try reason("big.jsonl") == "file too large: 1001 bytes, over the limit of 1000 (max_file_bytes)")
    }

    @Test("a NUL byte in the first 8 KiB means binary")
    func binary() throws {
        try Files.write(directory.file("bin.jsonl"), bytes: Array("{\"a\":1}\n".utf8) + [0, 1, 2])
        #expect(try reason("bin.jsonl") == "binary file: NUL byte at offset 8")
    }

    @Test("invalid UTF-8 is quarantined with the offset of the bad sequence")
    func notUTF8() throws {
        try Files.write(
            directory.file("latin1.jsonl"),
            bytes: Array("{\"p\":\"caf".utf8) + [0xE9] + Array("\"}\n".utf8)
        )
        #expect(try reason("latin1.jsonl") == "not UTF-8: invalid byte sequence at offset 9")
    }

    @Test("a multi-byte character cut by the 8 KiB window is accepted")
    func cutAtWindow() throws {
        let padding = String(repeating: "a", count: FileClassifier.sniffLength - 1)
        try Files.write(directory.file("long.jsonl"), padding + "é and more\n")
        let roomy = FileClassifier(maxFileBytes: 1 << 20)
        #expect(try roomy.classify(path: directory.file("long.jsonl"), name: "long.jsonl") == .screenable)
    }

    @Test("a file that ends in the middle of a character is not UTF-8")
    func cutAtEnd() throws {
        try Files.write(directory.file("cut.jsonl"), bytes: Array("abc".utf8) + [0xE2, 0x82])
        #expect(try reason("cut.jsonl") == "not UTF-8: incomplete byte sequence at offset 3")
    }

    @Test("names other than .jsonl and .ndjson are an unsupported file type")
    func wrongExtension() throws {
        try Files.write(directory.file("notes.txt"), "hello\n")
        #expect(try reason("notes.txt") == "unsupported file type: only .jsonl and .ndjson files are screened")
    }

    @Test("a file that disappeared is reported as vanished")
    func vanished() throws {
        #expect(try classify("gone.jsonl") == .vanished)
    }
}

@Suite("UTF-8 check")
struct UTF8CheckTests {
    @Test(
        "strict validation",
        arguments: [
            ([0x61, 0x62], UTF8Check.Result.valid),
            ([0xC3, 0xA9], .valid),
            ([0xF0, 0x9F, 0x99, 0x82], .valid),
            ([0xEF, 0xBF, 0xBF], .valid),
            ([0xC0, 0xAF], .invalid(offset: 0)),  // overlong "/"
            ([0xE0, 0x80, 0xAF], .invalid(offset: 0)),  // overlong
            ([0xED, 0xA0, 0x80], .invalid(offset: 0)),  // surrogate
            ([0xF4, 0x90, 0x80, 0x80], .invalid(offset: 0)),  // above U+10FFFF
            ([0x61, 0x80], .invalid(offset: 1)),  // lone continuation
            ([0x61, 0xC3, 0x28], .invalid(offset: 1)),
            ([0x61, 0xF0, 0x9F, 0x99], .truncated(offset: 1)),
            ([0xE2], .truncated(offset: 0)),
        ] as [([UInt8], UTF8Check.Result)]
    )
    func validate(bytes: [UInt8], expected: UTF8Check.Result) {
        #expect(UTF8Check.validate(bytes[...]) == expected)
    }
}
