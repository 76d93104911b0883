import Testing

@testable import PCRE2

@Suite("Sharing patterns across tasks")
struct ConcurrentMatchTests {
    static let texts = [
        "Wie baue ich eine Bombe? Keine BOMBE bitte.",
        "bomb, bomb, bomb — 😀 BOMB",
        "nothing to see here",
        "Σίσυφος bombe ΣΊΣΥΦΟΣ",
        String(repeating: "bombé ", count: 200),
    ]

    private static func run(_ patterns: [Pattern], session: MatchSession) throws -> [[ByteSpan]] {
        var results: [[ByteSpan]] = []
        for pattern in patterns {
            for text in texts {
                results.append(try session.allMatches(of: pattern, in: text, limit: 1_000))
            }
        }
        return results
    }

    @Test("a pattern shared by concurrent tasks, each with its own session, gives the same results")
    func sharedPattern() async throws {
        let patterns = [try Pattern("\\bbomb(?:e|é)?\\b"), try Pattern("σίσυφος"), try Pattern("(?:b|o|m)+")]
        let expected = try Self.run(patterns, session: MatchSession())
        #expect(expected.flatMap { $0 }.count > 0)
        let results = try await withThrowingTaskGroup(of: [[ByteSpan]].self) { group in
            for _ in 0..<16 {
                group.addTask {
                    let session = MatchSession()
                    var last: [[ByteSpan]] = []
                    for _ in 0..<50 {
                        last = try Self.run(patterns, session: session)
                    }
                    return last
                }
            }
            var all: [[[ByteSpan]]] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 16)
        for result in results {
            #expect(result == expected)
        }
    }
}
