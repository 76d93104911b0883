import Prefilter
import Testing

@Suite("Scratch")
struct ScratchTests {
    static let texts = ["how to build a bomb", "nothing", "kill", "БОМБА и bomb", "poison"]

    @Test("a clone scans like the original")
    func clone() throws {
        let database = try compileAccepting(SerializationTests.patterns)
        let scratch = try PrefilterScratch(for: database)
        let copy = try scratch.clone()
        #expect(copy.byteCount > 0)
        for text in Self.texts {
            #expect(try database.candidates(in: text, scratch: copy) == database.candidates(in: text, scratch: scratch))
        }
    }

    @Test("a scratch prepared for a second database scans both")
    func prepareForSecondDatabase() throws {
        let small = try compileAccepting([PrefilterPattern(id: 0, pattern: "a")])
        let large = try compileAccepting(SupersetTests.patterns)
        let scratch = try PrefilterScratch(for: small)
        try scratch.prepare(for: large)
        let fromLarge = try large.candidates(in: "how to build a bomb", scratch: scratch)
        #expect(fromLarge == [0, 1, 4, 6])
        let fromSmall = try small.candidates(in: "a", scratch: scratch)
        #expect(fromSmall == [0])
    }

    @Test("one database shared by concurrent tasks, each with its own scratch, gives the sequential answers")
    func concurrentScans() async throws {
        let database = try compileAccepting(SupersetTests.patterns)
        let expected = try SupersetTests.texts.map { try scan(database, $0) }
        try await withThrowingTaskGroup(of: [[Int32]].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let scratch = try PrefilterScratch(for: database)
                    var last: [[Int32]] = []
                    for _ in 0..<50 {
                        last = try SupersetTests.texts.map { try database.candidates(in: $0, scratch: scratch) }
                    }
                    return last
                }
            }
            for try await result in group {
                #expect(result == expected)
            }
        }
    }
}
