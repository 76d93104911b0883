import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Hostile input against the real daemon: mutated lines, broken encodings, huge and deeply nested
/// lines, odd file types, links out of the state directory and tricky file names. Whatever comes
/// in, the daemon keeps running and screening later drops, every line gets exactly one verdict
/// (an `error` one naming the line and the cause when it cannot be screened) or the file is
/// quarantined with a reason, and nothing outside the state directory is read or written.
@Suite("refusald run: hostile inputs (built binary)", .serialized, .timeLimit(.minutes(5)))
struct DaemonHostileInputTests {
    /// The daemon's default `max_line_bytes` (16 MiB).
    static let maxLineBytes = 16 << 20
    /// How many leading bytes the classifier checks for NUL bytes and UTF-8 before screening.
    static let sniffLength = 8 * 1024

    // MARK: Mutated lines

    @Test("10,000 mutated lines: one verdict per line in order; every bad line an error naming its line and cause")
    func mutatedLines() async throws {
        let root = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let daemon = try DaemonProcess(stateDirectory: DaemonProcess.stateDirectory(in: root))
        defer { daemon.kill() }
        try await daemon.waitUntilReady()

        let file = "mutated.jsonl"
        var corpus = HostileCorpus(seed: 0x5EED_2026)
        var lines: [HostileCorpus.Line] = []
        func addControl() {
            let id = "ctl-\(lines.count + 1)"
            let flagged = lines.count % 3 == 0
            lines.append(
                HostileCorpus.Line(
                    bytes: HostileCorpus.controlLine(id: id, flagged: flagged),
                    mutation: "none (control)",
                    expectation: .control(verdict: flagged ? "flag" : "pass", id: id)
                )
            )
        }
        // A clean head longer than the classifier's sniff window, so that the invalid UTF-8 and
        // NUL bytes below are per-line errors rather than a reason to quarantine the whole file.
        while lines.reduce(0, { $0 + $1.bytes.count + 1 }) <= Self.sniffLength {
            addControl()
        }
        for index in 0..<10_000 {
            lines.append(corpus.mutatedLine(index: index, file: file, line: lines.count + 1))
            if index % 10 == 9 { addControl() }
        }
        try DaemonProcess.drop(file, Self.joined(lines.map(\.bytes)), into: daemon.inbox)

        let verdicts = try await daemon.verdicts(for: file, timeout: .seconds(120))
        #expect(verdicts.count == lines.count, "one verdict per input line")
        #expect(verdicts.map { ($0["source"] as? [String: Any])?["line"] as? Int } == Array(1...lines.count))

        var problems: [String] = []
        var errorsByMutation: [String: Int] = [:]
        for (index, (line, verdict)) in zip(lines, verdicts).enumerated() {
            if let problem = Self.check(verdict, against: line.expectation, line: index + 1) {
                problems.append("line \(index + 1) (\(line.mutation)): \(problem)")
            }
            if verdict["verdict"] as? String == "error" {
                errorsByMutation[String(line.mutation.prefix { $0 != " " }), default: 0] += 1
            }
        }
        #expect(
            problems.isEmpty,
            "\(problems.count) of \(lines.count) lines got the wrong verdict:\n\(problems.prefix(30).joined(separator: "\n"))"
        )
        let errors = verdicts.filter { $0["verdict"] as? String == "error" }.count
        #expect(errors > 7_000 && errors < 10_000, "most mutations break the line, some leave it valid: \(errors)")
        #expect(errorsByMutation.count >= 8, "every kind of mutation was exercised: \(errorsByMutation)")
        let logLine = daemon.screenedLines(for: file).first ?? ""
        #expect(logLine.contains("items=\(lines.count) ") && logLine.contains("errors=\(errors) "), "\(logLine)")

        try await Self.expectStillScreening(daemon)
    }

    // MARK: Odd regular files

    @Test("empty, blank, CRLF, CR-only, BOM, NUL, invalid UTF-8, binary, deeply nested, 100 MB line")
    func oddFiles() async throws {
        let root = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let daemon = try DaemonProcess(stateDirectory: DaemonProcess.stateDirectory(in: root))
        defer { daemon.kill() }
        try await daemon.waitUntilReady()

        let control = { (id: String) in HostileCorpus.controlLine(id: id, flagged: false) }
        // A clean head past the sniff window (see `mutatedLines`).
        let head = (0..<100).map { control("head-\($0)") }
        try #require(Self.joined(head).count > Self.sniffLength)
        let items = daemonTestItems(prefix: "crlf", count: 5)

        var random = SeededGenerator(seed: 42)
        let noise = (0..<65_536).map { _ in UInt8.random(in: 0...255, using: &random) }
        let nulLine = Array(#"{"id":"nul","prompt":"a"#.utf8) + [0] + Array(#"b","response":"c"}"#.utf8)
        let latin1Line = Array(#"{"id":"latin1","prompt":"caf"#.utf8) + [0xE9] + Array(#"","response":"ok"}"#.utf8)
        let cutLine = Array(#"{"id":"cut","prompt":"price: "#.utf8)
        let prefix = Array(#"{"id":"deep","prompt":"p","response":"r","x":"#.utf8)
        let million = 1_000_000
        let deepLines: [[UInt8]] = [
            prefix + Array(repeating: UInt8(ascii: "["), count: million)
                + Array(repeating: UInt8(ascii: "]"), count: million) + [UInt8(ascii: "}")],
            Array(String(repeating: #"{"a":"#, count: 200_000).utf8) + [UInt8(ascii: "1")]
                + Array(repeating: UInt8(ascii: "}"), count: 200_000),
            Array(#"{"id":"deep-chat","messages":[{"role":"user","content":[{"type":"text","text":"hi","x":"#.utf8)
                + Array(String(repeating: #"{"b":"#, count: 100_000).utf8),
            Array(repeating: UInt8(ascii: "["), count: million),
            prefix + Array(repeating: UInt8(ascii: "["), count: million),
            Array(#"{"id":"deep-ok","prompt":"p","response":"r","x":"#.utf8)
                + Array(repeating: UInt8(ascii: "["), count: 60) + Array(repeating: UInt8(ascii: "]"), count: 60)
                + [UInt8(ascii: "}")],
            control("deep-last"),
        ]
        let hugePrompt = 100 << 20
        let hugeOpen = Array(#"{"id":"huge","prompt":""#.utf8)
        let hugeClose = Array(#"","response":"x"}"#.utf8)
        let tailPrompt = 20 << 20

        let drops: [(String, Data)] = [
            ("empty.jsonl", Data()),
            ("blank.jsonl", Data("\n\n   \n\t\r\n\r\n".utf8)),
            ("crlf.jsonl", Data(Array(items.replacingOccurrences(of: "\n", with: "\r\n").utf8).dropLast(2))),
            ("cr-only.jsonl", Data(items.replacingOccurrences(of: "\n", with: "\r").utf8)),
            ("bom.jsonl", Data([0xEF, 0xBB, 0xBF] + Array(daemonTestItems(prefix: "bom", count: 3).utf8))),
            ("nul-early.jsonl", Self.joined([nulLine, control("after-nul")])),
            ("nul-late.jsonl", Self.joined(head + [nulLine, control("after-nul")])),
            ("latin1-early.jsonl", Self.joined([latin1Line])),
            (
                "utf8-late.jsonl",
                Self.joined(head + [latin1Line, control("after-latin1")])
                    + Data(cutLine + [0xE2, 0x82])
            ),
            ("gzip.jsonl", Data([0x1F, 0x8B, 0x08, 0x00] + noise.prefix(4_096))),
            // No NUL byte here: the first bytes themselves are not UTF-8.
            (
                "png.jsonl",
                Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + noise.prefix(4_096).filter { $0 != 0 })
            ),
            ("noise.jsonl", Data(noise)),
            ("deep.jsonl", Self.joined(deepLines)),
        ]
        for (name, data) in drops {
            try DaemonProcess.drop(name, data, into: daemon.inbox)
        }
        let quarantined = ["nul-early.jsonl", "latin1-early.jsonl", "gzip.jsonl", "png.jsonl", "noise.jsonl"]
        let screened = drops.map(\.0).filter { !quarantined.contains($0) }
        let finished = await DaemonProcess.poll(timeout: .seconds(150), every: .milliseconds(200)) {
            Set(DaemonProcess.names(in: daemon.done)) == Set(screened)
                && DaemonProcess.names(in: daemon.quarantine).count == 2 * quarantined.count
        }
        #expect(finished, "done/: \(DaemonProcess.names(in: daemon.done)); log:\n\(daemon.log.suffix(3000))")
        #expect(daemon.process.isRunning)

        // Quarantined, with the reason a user can act on.
        let reasons = [
            "nul-early.jsonl": "binary file: NUL byte at offset \(nulLine.firstIndex(of: 0)!)",
            "latin1-early.jsonl": "not UTF-8: invalid byte sequence at offset \(latin1Line.firstIndex(of: 0xE9)!)",
            "gzip.jsonl": "binary file: NUL byte at offset 3",
            "png.jsonl": "not UTF-8: invalid byte sequence at offset 0",
        ]
        for (name, reason) in reasons {
            #expect(try Self.reason(name, daemon) == reason + "\n", "\(name)")
        }
        let noiseReason = try Self.reason("noise.jsonl", daemon)
        #expect(noiseReason.hasPrefix("binary file: NUL byte at offset ") || noiseReason.hasPrefix("not UTF-8: "))

        // Files without items: an empty verdict file, the input in done/.
        #expect(try await daemon.verdicts(for: "empty.jsonl").isEmpty)
        #expect(try await daemon.verdicts(for: "blank.jsonl").isEmpty)

        // CRLF: the same verdicts as with LF, no `\r` left in any field; the last line has no terminator.
        let crlf = try await daemon.verdicts(for: "crlf.jsonl")
        #expect(crlf.map { $0["id"] as? String } == (0..<5).map { "crlf-\($0)" })
        #expect(crlf.map { $0["verdict"] as? String } == ["flag", "pass", "pass", "pass", "pass"])

        // CR alone is not a line break: one line holding five objects, reported as such.
        let crOnly = try await daemon.verdicts(for: "cr-only.jsonl")
        #expect(crOnly.count == 1)
        #expect(Self.error(crOnly.first).hasPrefix("line 1: invalid JSON at column "))
        #expect(Self.error(crOnly.first).contains("after the JSON object"))

        // A byte-order mark at the start of the file is skipped (RFC 8259 allows it): every line is screened.
        let bom = try await daemon.verdicts(for: "bom.jsonl")
        #expect(bom.map { $0["id"] as? String } == ["bom-0", "bom-1", "bom-2"])
        #expect(bom.allSatisfy { Self.error($0).isEmpty })

        // NUL and invalid UTF-8 past the sniff window: errors for those lines, the rest screened.
        let nulLate = try await daemon.verdicts(for: "nul-late.jsonl")
        #expect(nulLate.count == head.count + 2)
        #expect(Self.error(nulLate[head.count]).hasPrefix("line \(head.count + 1): invalid JSON at column 24: "))
        #expect(Self.error(nulLate[head.count]).contains("byte 0x0"))
        #expect(nulLate.last?["id"] as? String == "after-nul" && nulLate.last?["verdict"] as? String == "pass")
        #expect(nulLate.prefix(head.count).allSatisfy { $0["verdict"] as? String == "pass" })

        let utf8Late = try await daemon.verdicts(for: "utf8-late.jsonl")
        #expect(utf8Late.count == head.count + 3)
        #expect(
            Self.error(utf8Late[head.count])
                == "line \(head.count + 1): invalid UTF-8 at byte \(latin1Line.firstIndex(of: 0xE9)! + 1)"
        )
        #expect(utf8Late[head.count + 1]["id"] as? String == "after-latin1")
        #expect(Self.error(utf8Late.last) == "line \(head.count + 3): invalid UTF-8 at byte \(cutLine.count + 1)")

        // Deep nesting is bounded (no stack overflow): an error per line, the shallow one screened.
        let deep = try await daemon.verdicts(for: "deep.jsonl")
        #expect(deep.count == deepLines.count)
        for index in [0, 1, 2, 4] {
            #expect(Self.error(deep[index]).hasPrefix("line \(index + 1): invalid JSON at column "))
            #expect(
                Self.error(deep[index]).hasSuffix("JSON nested deeper than 64 levels"),
                "\(Self.error(deep[index]))"
            )
        }
        #expect(Self.error(deep[3]).hasPrefix("line 4: invalid JSON at column 1: expected '{'"))
        #expect(deep[5]["id"] as? String == "deep-ok" && deep[5]["verdict"] as? String == "pass")
        #expect(deep[6]["id"] as? String == "deep-last" && deep[6]["verdict"] as? String == "pass")

        // A 100 MB line is skipped without being held in memory; its neighbours are screened.
        // The peak RSS is reset first (clear_refs 5), so it measures this file alone: holding the
        // line would add at least 100 MiB.
        try "5".write(toFile: "/proc/\(daemon.pid)/clear_refs", atomically: false, encoding: .utf8)
        let residentBefore = try DaemonProcess.statusKilobytes("VmRSS", pid: daemon.pid)
        // Written chunk by chunk (and renamed), not built in memory.
        try Self.dropLarge(
            "huge.jsonl",
            into: daemon.inbox,
            parts: [
                .bytes(control("before-huge") + [10] + hugeOpen), .repeated(UInt8(ascii: "a"), hugePrompt),
                .bytes(hugeClose + [10] + control("after-huge") + [10]),
            ]
        )

        let huge = try await daemon.verdicts(for: "huge.jsonl", timeout: .seconds(120))
        let hugeLength = hugeOpen.count + hugePrompt + hugeClose.count
        #expect(huge.map { $0["id"] as? String } == ["before-huge", "huge.jsonl:2", "after-huge"])
        #expect(
            Self.error(huge[1])
                == "line 2: line is \(hugeLength) bytes, longer than the maximum of \(Self.maxLineBytes) bytes"
        )
        let peak = try DaemonProcess.statusKilobytes("VmHWM", pid: daemon.pid)
        #expect(
            peak - residentBefore < 64 * 1024,
            "RSS rose from \(residentBefore) kB to a peak of \(peak) kB: the 100 MB line must never be held whole"
        )

        // The same at the end of a file without a final newline.
        try Self.dropLarge(
            "huge-tail.jsonl",
            into: daemon.inbox,
            parts: [.bytes(control("before-tail") + [10] + hugeOpen), .repeated(UInt8(ascii: "b"), tailPrompt)]
        )
        let tail = try await daemon.verdicts(for: "huge-tail.jsonl", timeout: .seconds(60))
        #expect(tail.map { $0["id"] as? String } == ["before-tail", "huge-tail.jsonl:2"])
        #expect(
            Self.error(tail.last)
                == "line 2: line is \(hugeOpen.count + tailPrompt) bytes, longer than the maximum of \(Self.maxLineBytes) bytes"
        )

        try await Self.expectStillScreening(daemon)
    }

    // MARK: Links, special files, names

    @Test("links out of the state directory, FIFOs and tricky names: quarantined or screened, nothing outside touched")
    func linksAndNames() async throws {
        let root = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let outside = root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Self.joined([HostileCorpus.controlLine(id: "secret-0", flagged: true)]).write(
            to: outside.appendingPathComponent("secret.jsonl")
        )
        try #require(mkfifo(outside.appendingPathComponent("trap.fifo").path, 0o644) == 0)
        let outsideBefore = RawFileNames.names(in: outside)
        let passwd = try String(contentsOfFile: "/etc/passwd", encoding: .utf8)
        let passwdFirstLine = try #require(passwd.split(separator: "\n").first.map(String.init))

        let daemon = try DaemonProcess(stateDirectory: DaemonProcess.stateDirectory(in: root))
        defer { daemon.kill() }
        try await daemon.waitUntilReady()
        let watch = try DirectoryAccessWatch(outside)
        let inbox = daemon.inbox

        let links: [(String, String)] = [
            ("passwd.jsonl", "/etc/passwd"),
            ("escape.jsonl", "../../outside/secret.jsonl"),
            ("absolute.jsonl", outside.appendingPathComponent("secret.jsonl").path),
            ("dangling.jsonl", "../../outside/created-by-daemon.jsonl"),
            ("fifo-link.jsonl", "../../outside/trap.fifo"),
            ("dir-link.jsonl", "../../outside"),
            ("loop.jsonl", "loop.jsonl"),
        ]
        for (name, target) in links {
            try RawFileNames.symlink(RawFileNames.bytes(name), in: inbox, to: target)
        }
        try #require(mkfifo(inbox.appendingPathComponent("pipe.jsonl").path, 0o644) == 0)
        try RawFileNames.drop(
            RawFileNames.bytes("UPPER.JSONL"),
            Data(daemonTestItems(prefix: "up", count: 1).utf8),
            into: inbox
        )
        // Dotfiles are a producer's temporary names: left alone, by contract.
        for name in ["..jsonl", "...jsonl"] {
            try RawFileNames.drop(
                RawFileNames.bytes(name),
                Data(daemonTestItems(prefix: "dot", count: 1).utf8),
                into: inbox
            )
        }

        // Screenable files under tricky names; each is expected back as `stem.verdicts.jsonl`
        // (byte for byte), except where the name itself cannot be kept (see below).
        let plainNames: [String] = [
            "mixed batch — café 日本 😀.jsonl", "-rf.jsonl", "--help.jsonl", "%2e%2e%2f%2e%2e%2fetc%2fpasswd.jsonl",
            #"x\..\..\evil.jsonl"#, "new\nline.jsonl", "tab\tand 'single' \"double\".jsonl", "caf\u{E9}.jsonl",
            "cafe\u{301}.jsonl", "a~2.jsonl",
        ]
        var named: [(name: [UInt8], verdicts: [UInt8]?)] = plainNames.map { name in
            let bytes = RawFileNames.bytes(name)
            let verdicts: [UInt8] = bytes.dropLast(".jsonl".utf8.count) + Array(".verdicts.jsonl".utf8)
            return (bytes, verdicts)
        }
        // Not UTF-8: kept as bytes, renamed with the bad bytes percent-escaped.
        let badName: [UInt8] = Array("bad".utf8) + [0xFF] + Array(" name.jsonl".utf8)
        let latin1Name: [UInt8] = Array("latin1-caf".utf8) + [0xE9] + Array(".jsonl".utf8)
        named.append((badName, Array("bad%FF name.verdicts.jsonl".utf8)))
        named.append((latin1Name, Array("latin1-caf%E9.verdicts.jsonl".utf8)))
        // NAME_MAX (255 bytes): the verdict name would be longer; checked separately below.
        let longASCII: [UInt8] = Array(String(repeating: "L", count: 249).utf8) + Array(".jsonl".utf8)
        let longAccented: [UInt8] = Array(String(repeating: "é", count: 124).utf8) + Array("x.jsonl".utf8)
        named.append((longASCII, nil))
        named.append((longAccented, nil))
        for (index, file) in named.enumerated() {
            let items = daemonTestItems(prefix: "name\(index)", count: 2)
            try RawFileNames.drop(file.name, Data(items.utf8), into: inbox)
        }

        let expectedQuarantine = links.count + 2  // + pipe.jsonl, UPPER.JSONL
        let finished = await DaemonProcess.poll(timeout: .seconds(60), every: .milliseconds(100)) {
            RawFileNames.names(in: daemon.done).count == named.count
                && RawFileNames.names(in: daemon.quarantine).count == 2 * expectedQuarantine
        }
        #expect(
            finished,
            """
            done/: \(RawFileNames.names(in: daemon.done).map(RawFileNames.describe)); \
            quarantine/: \(RawFileNames.names(in: daemon.quarantine).map(RawFileNames.describe)); \
            inbox/: \(RawFileNames.names(in: inbox).map(RawFileNames.describe)); log:\n\(daemon.log.suffix(4000))
            """
        )
        #expect(daemon.process.isRunning)

        // Every link and the FIFO quarantined as what it is, never followed.
        for (name, target) in links {
            #expect(try Self.reason(name, daemon) == "symbolic link (not followed)\n", "\(name)")
            let moved = daemon.quarantine.appendingPathComponent(name).path
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: moved) == target)
        }
        #expect(try Self.reason("pipe.jsonl", daemon) == "named pipe (FIFO)\n")
        #expect(try Self.reason("UPPER.JSONL", daemon).hasPrefix("unsupported file type"))

        // Every screenable file: its items exactly once, under the expected verdict name.
        let outboxNames = RawFileNames.names(in: daemon.outbox)
        #expect(outboxNames.count == named.count, "\(outboxNames.map(RawFileNames.describe))")
        var verdictsByFile: [[UInt8]: [[String: Any]]] = [:]
        for name in outboxNames {
            verdictsByFile[name] = try Self.jsonLines(try RawFileNames.read(name, in: daemon.outbox))
        }
        for (index, file) in named.enumerated() {
            let ids = ["name\(index)-0", "name\(index)-1"]
            let holders = verdictsByFile.filter { $0.value.contains { ids.contains($0["id"] as? String ?? "") } }
            #expect(
                holders.count == 1,
                "\(RawFileNames.describe(file.name)): verdicts in \(holders.keys.map(RawFileNames.describe))"
            )
            guard let (verdictName, verdicts) = holders.first else { continue }
            #expect(verdicts.map { $0["id"] as? String } == ids, "\(RawFileNames.describe(file.name))")
            if let expected = file.verdicts {
                #expect(
                    verdictName == expected,
                    "\(RawFileNames.describe(verdictName)) for \(RawFileNames.describe(file.name))"
                )
            } else {
                #expect(verdictName.count <= 255)
                #expect(verdictName.starts(with: file.name.prefix(100)), "\(RawFileNames.describe(verdictName))")
            }
        }
        let allIDs = verdictsByFile.values.flatMap { $0.compactMap { $0["id"] as? String } }
        #expect(allIDs.count == 2 * named.count && Set(allIDs).count == allIDs.count, "each item exactly once")

        // Only the producer's dotfiles stay in inbox/; nothing is left in work/.
        #expect(RawFileNames.names(in: inbox) == [Array("...jsonl".utf8), Array("..jsonl".utf8)])
        #expect(RawFileNames.names(in: daemon.work).isEmpty)

        // Nothing outside the state directory was opened, read, written or created.
        try await Task.sleep(for: .milliseconds(300))
        #expect(watch.events().isEmpty, "activity in \(outside.path): \(watch.events())")
        #expect(RawFileNames.names(in: outside) == outsideBefore)
        #expect(Set(DaemonProcess.names(in: root)) == ["logs", "outside", "state"])
        #expect(!FileManager.default.fileExists(atPath: "/etc/passwd.verdicts.jsonl"))
        for file in try Self.regularFiles(under: daemon.stateDirectory) {
            let text = String(decoding: (try? Data(contentsOf: file)) ?? Data(), as: UTF8.self)
            #expect(!text.contains(passwdFirstLine), "/etc/passwd content in \(file.path)")
            #expect(!text.contains("secret-0"), "the file behind a link was screened: \(file.path)")
        }

        try await Self.expectStillScreening(daemon)
    }

    // MARK: Unreadable files

    @Test("an unreadable file is quarantined as such by a daemon without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH")
    func unreadableFile() async throws {
        let root = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        // Root reads any file whatever its mode; drop the two capabilities that allow it (the
        // bounding set limits what root gets at exec).
        let setpriv = "/usr/bin/setpriv"
        let launcher =
            getuid() == 0
            ? [setpriv, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", "--"] : []
        if !launcher.isEmpty {
            try #require(FileManager.default.isExecutableFile(atPath: setpriv), "util-linux setpriv is needed")
        }
        let daemon = try DaemonProcess(stateDirectory: DaemonProcess.stateDirectory(in: root), launcher: launcher)
        defer { daemon.kill() }
        try await daemon.waitUntilReady()
        let effective = try DaemonProcess.status("CapEff", pid: daemon.pid)
        let capabilities = try #require(UInt64(effective, radix: 16))
        let dacOverride: UInt64 = 1 << 1
        let dacReadSearch: UInt64 = 1 << 2
        try #require(
            capabilities & (dacOverride | dacReadSearch) == 0,
            "the daemon can still read any file (CapEff \(effective)): the test would prove nothing"
        )

        let modes: [(String, mode_t)] = [("no-access.jsonl", 0o000), ("write-only.jsonl", 0o200)]
        for (name, mode) in modes {
            let items = daemonTestItems(prefix: "hidden-\(name)", count: 2)
            try RawFileNames.drop(RawFileNames.bytes(name), Data(items.utf8), into: daemon.inbox, mode: mode)
        }
        let arrived = await DaemonProcess.poll(timeout: .seconds(20)) {
            DaemonProcess.names(in: daemon.quarantine).count == 2 * modes.count
        }
        #expect(arrived, "quarantine/: \(DaemonProcess.names(in: daemon.quarantine)); log:\n\(daemon.log)")
        for (name, mode) in modes {
            #expect(try Self.reason(name, daemon) == "unreadable: Permission denied\n", "\(name)")
            var status = stat()
            #expect(lstat(daemon.quarantine.appendingPathComponent(name).path, &status) == 0)
            #expect(status.st_mode & 0o777 == mode, "moved as it was")
        }
        #expect(DaemonProcess.names(in: daemon.outbox, hidden: true).isEmpty)
        try await Self.expectStillScreening(daemon)
    }

    // MARK: Helpers

    /// Lines joined with `\n`, with a final `\n`.
    static func joined(_ lines: [[UInt8]]) -> Data {
        var data = Data()
        for line in lines {
            data.append(contentsOf: line)
            data.append(10)
        }
        return data
    }

    /// One piece of a large file.
    enum Part {
        case bytes([UInt8])
        case repeated(UInt8, Int)
    }

    /// Writes a large file as `.NAME.tmp` a megabyte at a time, then renames it into `inbox`.
    static func dropLarge(_ name: String, into inbox: URL, parts: [Part]) throws {
        let temporary = inbox.appendingPathComponent(".\(name).tmp")
        FileManager.default.createFile(atPath: temporary.path, contents: nil)
        let handle = try FileHandle(forWritingTo: temporary)
        for part in parts {
            switch part {
            case .bytes(let bytes):
                try handle.write(contentsOf: bytes)
            case .repeated(let byte, var count):
                let chunk = Data(repeating: byte, count: 1 << 20)
                while count > 0 {
                    try handle.write(contentsOf: chunk.prefix(count))
                    count -= min(count, chunk.count)
                }
            }
        }
        try handle.close()
        guard rename(temporary.path, inbox.appendingPathComponent(name).path) == 0 else {
            throw DaemonTestError("rename \(name): \(String(cString: strerror(errno)))")
        }
    }

    /// Whether `verdict` is what `expectation` asks for; a description of the difference if not.
    static func check(_ verdict: [String: Any], against expectation: HostileCorpus.Expectation, line: Int) -> String? {
        let outcome = verdict["verdict"] as? String ?? "<none>"
        let error = verdict["error"] as? String
        switch expectation {
        case .control(let expected, let id):
            if outcome != expected || verdict["id"] as? String != id {
                return "expected \(expected) for \(id), got \(outcome) for \(verdict["id"] ?? "no id") \(error ?? "")"
            }
        case .screened(let id):
            if outcome != "pass" && outcome != "flag" {
                return "a valid item, expected pass or flag, got \(outcome): \(error ?? "")"
            }
            if let id, verdict["id"] as? String != id {
                return "expected id \(id.debugDescription), got \(String(describing: verdict["id"]))"
            }
        case .error, .exactError:
            let prefix = "line \(line): "
            guard outcome == "error", let error, error.hasPrefix(prefix), error.count > prefix.count else {
                return "expected an error verdict naming line \(line), got \(outcome) \(error ?? "")"
            }
            let cause = String(error.dropFirst(prefix.count))
            if case .exactError(let exact) = expectation, cause != exact {
                return "expected cause \(exact.debugDescription), got \(cause.debugDescription)"
            }
            if case .error(let causes) = expectation, !causes.isEmpty, !causes.contains(where: { cause.contains($0) }) {
                return "expected a cause mentioning one of \(causes), got \(cause.debugDescription)"
            }
        }
        return nil
    }

    /// The `error` field of a verdict ("" when absent).
    static func error(_ verdict: [String: Any]?) -> String {
        verdict?["error"] as? String ?? ""
    }

    /// The text of `quarantine/NAME.reason`.
    static func reason(_ name: String, _ daemon: DaemonProcess) throws -> String {
        try String(contentsOf: daemon.quarantine.appendingPathComponent(name + ".reason"), encoding: .utf8)
    }

    /// JSON objects, one per line.
    static func jsonLines(_ data: Data) throws -> [[String: Any]] {
        try data.split(separator: 10).map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw DaemonTestError("not a JSON object: \(String(decoding: line, as: UTF8.self))")
            }
            return object
        }
    }

    /// Every regular file under `directory`, found without following any link.
    static func regularFiles(under directory: URL) throws -> [URL] {
        var files: [URL] = []
        for name in DaemonProcess.names(in: directory, hidden: true) {
            let url = directory.appendingPathComponent(name)
            var status = stat()
            guard lstat(url.path, &status) == 0 else { continue }
            switch status.st_mode & S_IFMT {
            case S_IFREG: files.append(url)
            case S_IFDIR: files += try regularFiles(under: url)
            default: break
            }
        }
        return files
    }

    /// The daemon is still up and screens a good file dropped now.
    static func expectStillScreening(_ daemon: DaemonProcess) async throws {
        #expect(daemon.process.isRunning, "the daemon keeps running")
        let name = "still-good-\(UUID().uuidString.prefix(8)).jsonl"
        try daemon.drop(name, daemonTestItems(prefix: "good", count: 3))
        let verdicts = try await daemon.verdicts(for: name)
        #expect(verdicts.map { $0["verdict"] as? String } == ["flag", "pass", "pass"])
        #expect(verdicts.map { $0["id"] as? String } == ["good-0", "good-1", "good-2"])
    }
}
