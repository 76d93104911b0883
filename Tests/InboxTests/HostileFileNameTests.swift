import Testing

@testable import Inbox

/// File names that a `String` alone handles wrongly: canonically equivalent names, names at the
/// length limit, names that are not UTF-8.
@Suite("Hostile file names")
struct HostileFileNameTests {
    static let composed = "caf\u{E9}.jsonl"
    static let decomposed = "cafe\u{301}.jsonl"

    @Test("two names equal only up to Unicode normalisation are two files: both claimed, both screened")
    func canonicallyEquivalentNames() {
        #expect(Self.composed == Self.decomposed, "Swift compares them as equal, which is the trap")
        var machine = ClaimStateMachine(configuration: .init(concurrency: 4))
        let first = machine.discovered(Self.composed)
        let second = machine.discovered(Self.decomposed)
        #expect(first.count == 1 && second.count == 1, "the second name is not a duplicate of the first")
        #expect(machine.slotsInUse == 2)
        #expect(machine.claimSucceeded(Self.composed, as: Self.composed).count == 1)
        #expect(machine.claimSucceeded(Self.decomposed, as: Self.decomposed).count == 1)
        #expect(machine.slotsInUse == 2, "two files in flight, not one overwriting the other")
        #expect(machine.screened(Self.composed).count == 1)
        #expect(machine.screened(Self.decomposed).count == 1, "the second screening is not ignored")
        #expect(machine.committed(Self.composed).isEmpty)
        #expect(machine.slotsInUse == 1)
        #expect(machine.committed(Self.decomposed).isEmpty)
        #expect(machine.slotsInUse == 0)
    }

    @Test("a 255-byte name is claimed under a shorter one, so every name derived from it fits in NAME_MAX")
    func longNames() {
        for name in [
            String(repeating: "L", count: 249) + ".jsonl", String(repeating: "é", count: 124) + "x.jsonl",
            String(repeating: "n", count: 255),
        ] {
            #expect(name.utf8.count == 255)
            for attempt in [1, 2, 10_000] {
                let claimed = InboxFileName.candidate(for: name, attempt: attempt)
                let derived = [
                    claimed, InboxFileName.temporaryVerdictName(for: claimed), InboxFileName.verdictName(for: claimed),
                    "." + InboxFileName.reasonName(for: claimed) + ".tmp",
                    InboxFileName.stem(of: claimed) + ".ndjson",
                ]
                #expect(derived.allSatisfy { $0.utf8.count <= 255 }, "\(derived.map(\.utf8.count))")
                #expect(claimed.hasPrefix(String(name.prefix(100))))
                #expect(InboxFileName.kind(of: claimed) == InboxFileName.kind(of: name))
            }
        }
        #expect(InboxFileName.candidate(for: "batch-7.jsonl", attempt: 1) == "batch-7.jsonl")
    }

    static let undecodable: [(name: [UInt8], escaped: String)] = [
        (Array("bad".utf8) + [0xFF] + Array(".jsonl".utf8), "bad%FF.jsonl"),
        (Array("caf".utf8) + [0xE9] + Array(".jsonl".utf8), "caf%E9.jsonl"),
        (Array("cut".utf8) + [0xE2, 0x82], "cut%E2%82"),
        ([0xC0, 0xAF] + Array("é.jsonl".utf8), "%C0%AFé.jsonl"),
        (Array("fine.jsonl".utf8), "fine.jsonl"),
    ]

    @Test("a name that is not UTF-8 gets its bad bytes percent-escaped")
    func percentEscaping() {
        for (name, escaped) in Self.undecodable {
            #expect(InboxFiles.percentEscapingInvalidUTF8(name) == escaped)
        }
    }
}
