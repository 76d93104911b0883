import Foundation
import Policy
import Screening
import TestSupport
import Testing

/// The Vectorscan prefilter must never change a verdict: it only decides which rules PCRE2
/// runs. These tests screen the same texts with and without it, using the shipped policies.
@Suite("prefilter equivalence on the shipped policies")
struct PrefilterEquivalenceTests {
    static let policiesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Policies").path

    let withPrefilter: Screener
    let withoutPrefilter: Screener

    init() throws {
        let set = try PolicyLoader().load(directory: Self.policiesDirectory)
        withPrefilter = Screener(policies: try CompiledPolicySet(set, options: .init(prefilter: true)))
        withoutPrefilter = Screener(policies: try CompiledPolicySet(set, options: .init(prefilter: false)))
    }

    @Test("every embedded test text gives identical findings")
    func embeddedTests() throws {
        let fast = withPrefilter.makeSession()
        let plain = withoutPrefilter.makeSession()
        let tests = withPrefilter.policies.policySet.allTests
        #expect(!tests.isEmpty)
        for test in tests {
            try expectSame(prompt: test.prompt ?? "", response: test.response, fast, plain)
        }
        expectBatchSame(tests.map { ($0.prompt ?? "", $0.response) }, fast)
        expectVerdictsSame(tests.map { ($0.prompt ?? "", $0.response) }, fast, plain)
    }

    @Test("random texts built from rule literals, case variants and separators give identical findings")
    func randomTexts() throws {
        let fast = withPrefilter.makeSession()
        let plain = withoutPrefilter.makeSession()
        var random = SeededGenerator(seed: 0x5EED)
        let words = Self.literals(in: withPrefilter.policies.policySet.allRules.map(\.pattern))
        try #require(words.count > 50, "the shipped policies should contain plenty of literal words")
        let separators = [" ", "  ", "\n", ", ", ". ", "\u{00A0}", "\u{200B}", " - ", "? ", "! "]
        var pairs: [(prompt: String, response: String)] = []
        for _ in 0..<1500 {
            var parts: [String] = []
            for _ in 0..<Int(random.next() % 14 + 1) {
                var word = words[Int(random.next() % UInt64(words.count))]
                switch random.next() % 6 {
                case 0: word = word.uppercased()
                case 1: word = word.capitalized
                case 2: word = Self.fullWidth(word)
                default: break
                }
                parts.append(word)
                parts.append(separators[Int(random.next() % UInt64(separators.count))])
            }
            let text = parts.joined()
            let cut = text.index(text.startIndex, offsetBy: text.count / 2)
            try expectSame(prompt: String(text[..<cut]), response: String(text[cut...]), fast, plain)
            try expectSame(prompt: text, response: text, fast, plain)
            pairs += [(String(text[..<cut]), String(text[cut...])), (text, text)]
        }
        expectBatchSame(pairs, fast)
        expectVerdictsSame(pairs, fast, plain)
    }

    /// Items screened in a batch, where clean ones (no candidate anywhere) skip PCRE2 and get their pass
    /// without an analysis, must get the verdicts that running every rule in PCRE2 gives; both kinds must occur.
    private func expectVerdictsSame(
        _ pairs: [(prompt: String, response: String)],
        _ fast: ScreeningSession,
        _ plain: ScreeningSession
    ) {
        let items = pairs.enumerated().map { index, pair in
            ScreeningItem(id: "i\(index)", prompt: pair.prompt, response: pair.response)
        }
        let lines = Array(1...items.count)
        let outcomes = withPrefilter.screenOutcomes(items, file: "f", lines: lines, screenedAt: "t", session: fast)
        let clean = outcomes.filter { if case .clean = $0 { true } else { false } }.count
        #expect(clean > 0 && clean < items.count, "\(clean) of \(items.count) clean: both paths must be tested")
        let verdicts = withPrefilter.screen(items, file: "f", lines: lines, screenedAt: "t", session: fast)
        let expected = withoutPrefilter.screen(items, file: "f", lines: lines, screenedAt: "t", session: plain)
        for index in items.indices {
            #expect(verdicts[index] == expected[index], "prompt: \(items[index].prompt.debugDescription)")
            if case .screened(let verdict) = outcomes[index] {
                #expect(verdict == expected[index])
            } else {
                #expect(expected[index].outcome == .pass && !expected[index].refused)
                #expect(expected[index].findings.isEmpty)
            }
        }
    }

    /// Screening many pairs at once (as files are) must find exactly what screening each alone finds.
    private func expectBatchSame(_ pairs: [(prompt: String, response: String)], _ session: ScreeningSession) {
        let together = withPrefilter.analyse(pairs, session: session)
        #expect(together.count == pairs.count)
        for (pair, analysis) in zip(pairs, together) {
            let alone = withPrefilter.analyse(prompt: pair.prompt, response: pair.response, session: session)
            let findingsTogether = withPrefilter.findings(for: analysis, prompt: pair.prompt, response: pair.response)
            let findingsAlone = withPrefilter.findings(for: alone, prompt: pair.prompt, response: pair.response)
            #expect(findingsTogether == findingsAlone, "prompt: \(pair.prompt.debugDescription)")
            #expect(analysis.refused == alone.refused)
        }
    }

    private func expectSame(
        prompt: String,
        response: String,
        _ fast: ScreeningSession,
        _ plain: ScreeningSession
    ) throws {
        let a = withPrefilter.analyse(prompt: prompt, response: response, session: fast)
        let b = withoutPrefilter.analyse(prompt: prompt, response: response, session: plain)
        let findingsA = withPrefilter.findings(for: a, prompt: prompt, response: response)
        let findingsB = withoutPrefilter.findings(for: b, prompt: prompt, response: response)
        #expect(findingsA == findingsB, "prompt: \(prompt.debugDescription) response: \(response.debugDescription)")
        #expect(a.refused == b.refused)
    }

    /// Letter runs of three or more characters found in the patterns.
    static func literals(in patterns: [String]) -> [String] {
        var words = Set<String>()
        for pattern in patterns {
            var current = ""
            var previousWasBackslash = false
            for character in pattern {
                if character.isLetter && !previousWasBackslash {
                    current.append(character)
                } else {
                    if current.count >= 3 { words.insert(current) }
                    current = ""
                }
                previousWasBackslash = character == "\\" && !previousWasBackslash
            }
            if current.count >= 3 { words.insert(current) }
        }
        return words.sorted()
    }

    /// ASCII letters as their full-width forms (NFKC folds them back).
    static func fullWidth(_ word: String) -> String {
        String(
            String.UnicodeScalarView(
                word.unicodeScalars.map { scalar in
                    guard scalar.value >= 0x21 && scalar.value <= 0x7E else { return scalar }
                    return Unicode.Scalar(scalar.value - 0x21 + 0xFF01)!
                }
            )
        )
    }
}
