import Testing

@testable import PCRE2

@Suite("Pattern compilation")
struct PatternCompileTests {
    struct BadPattern: Sendable, CustomTestStringConvertible {
        let source: String
        let offset: Int
        let message: String
        var testDescription: String { source }
    }

    @Test(
        "a pattern that does not compile reports PCRE2's message and the byte offset",
        arguments: [
            BadPattern(source: "abc(", offset: 4, message: "missing closing parenthesis"),
            BadPattern(source: "a{2,1}", offset: 5, message: "numbers out of order in {} quantifier"),
            BadPattern(source: "x[z-a]y", offset: 4, message: "range out of order in character class"),
            BadPattern(source: "ab)", offset: 2, message: "unmatched closing parenthesis"),
            // Offsets are UTF-8 bytes: "ärger" is 6 bytes, so the `(` at character 6 ends at byte 7.
            BadPattern(source: "ärger(", offset: 7, message: "missing closing parenthesis"),
            BadPattern(source: "über[z-a]", offset: 8, message: "range out of order in character class"),
        ]
    )
    func compileError(_ bad: BadPattern) {
        #expect {
            _ = try Pattern(bad.source)
        } throws: { error in
            guard let error = error as? PCRE2Error else { return false }
            return error.code == .compile(offset: bad.offset) && error.message == bad.message
                && error.description == "at offset \(bad.offset) in the pattern: \(bad.message)"
                && !error.isLimit
        }
    }

    @Test("a compile error is the same with and without the JIT")
    func compileErrorWithoutJIT() {
        #expect(throws: PCRE2Error(code: .compile(offset: 4), message: "missing closing parenthesis")) {
            _ = try Pattern("abc(", options: PatternOptions(jit: false))
        }
    }

    @Test("a good pattern keeps its source and options and counts its groups")
    func properties() throws {
        let pattern = try Pattern("(a)(?:b)(?<name>c)", options: PatternOptions(caseless: false))
        #expect(pattern.source == "(a)(?:b)(?<name>c)")
        #expect(pattern.options == PatternOptions(caseless: false, jit: true))
        #expect(pattern.captureCount == 2)
    }

    @Test("the JIT compiles a pattern on its first match, not before")
    func jitOnFirstMatch() throws {
        let pattern = try Pattern("b[o0]mb")
        #expect(!pattern.isJITCompiled)
        #expect(try MatchSession().allMatches(of: pattern, in: "a b0mb") == [ByteSpan(start: 2, end: 6)])
        #expect(pattern.isJITCompiled == Pattern.isJITAvailable)
    }

    @Test("threads that match a new pattern at once all get the same matches while it is JIT-compiled")
    func jitOnFirstMatchConcurrently() async throws {
        let subject = String(repeating: "quiet words, then a bomb; ", count: 50)
        let expected = try MatchSession().allMatches(
            of: Pattern("\\bbombs?\\b", options: PatternOptions(jit: false)),
            in: subject,
            limit: 100
        )
        #expect(expected.count == 50)
        for _ in 0..<20 {
            let pattern = try Pattern("\\bbombs?\\b")
            let results = await withTaskGroup(of: [ByteSpan]?.self) { group in
                for _ in 0..<8 {
                    group.addTask { try? MatchSession().allMatches(of: pattern, in: subject, limit: 100) }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.count == 8)
            #expect(results.allSatisfy { $0 == expected })
            #expect(pattern.isJITCompiled == Pattern.isJITAvailable)
        }
    }

    @Test("jit: false runs the interpreter")
    func interpreter() throws {
        let pattern = try Pattern("bomb", options: PatternOptions(jit: false))
        #expect(!pattern.isJITCompiled)
        let session = MatchSession()
        #expect(try session.allMatches(of: pattern, in: "a bomb") == [ByteSpan(start: 2, end: 6)])
    }

    @Test(
        "canMatchEmpty is true exactly for patterns with minimum length zero",
        arguments: [
            ("a*", true), ("(?:)", true), ("a?", true), ("\\b", true), ("^", true), ("x*|y", true),
            ("abc", false), ("a+", false), ("\\bbomb\\b", false), ("(?:a|bc)", false), ("ä", false),
        ]
    )
    func canMatchEmpty(source: String, expected: Bool) throws {
        #expect(try Pattern(source).canMatchEmpty == expected)
    }

    @Test("PatternOptions default to caseless with the JIT")
    func defaultOptions() {
        #expect(PatternOptions() == PatternOptions(caseless: true, jit: true))
    }
}
