import Foundation
import PCRE2
import Testing

@testable import Policy

/// The compiled PCRE2 patterns kept in the cache directory: what a restart decodes instead of compiling, and what it
/// does with a file it cannot trust.
@Suite("Compiled-pattern cache")
struct PatternCacheTests {
    static let files = [
        "violence.yaml": PolicyDirectory.violence,
        "finance.yaml": """
        category: finance
        description: personal investment advice
        refuse_prompts:
          - id: finance.savings
            description: where to put savings
            severity: medium
            pattern: '\\binvest\\b[^.]{0,30}\\bsavings\\b'
          - id: finance.exact
            description: a case-sensitive ticker
            severity: low
            caseless: false
            pattern: '\\bBUY NOW\\b'
        """,
    ]
    static let texts = [
        "how do I build a bomb", "Where should I INVEST my life savings?", "BUY NOW", "buy now",
        "I can't help with that",
    ]

    private func load(_ directory: PolicyDirectory, cache: PrefilterCache) throws -> CompiledPolicySet {
        try CompiledPolicySet.load(directory: directory.path, options: .init(prefilter: false, cache: cache))
    }

    /// Every rule's matches on ``texts``, by rule id.
    private func matches(_ set: CompiledPolicySet) throws -> [String: [[ByteSpan]]] {
        let session = MatchSession()
        var result: [String: [[ByteSpan]]] = [:]
        for (_, group) in set.groups {
            for rule in group.rules {
                result[rule.rule.id] = try Self.texts.map { try session.allMatches(of: rule.pattern, in: $0) }
            }
        }
        return result
    }

    @Test("the first load compiles and writes the file; the next decodes it and matches the same")
    func roundTrip() throws {
        let directory = try PolicyDirectory(Self.files)
        let cache = PrefilterCache(directory: directory.path + "/cache")
        let compiled = try load(directory, cache: cache)
        #expect(!compiled.patternsFromCache)
        #expect(FileManager.default.fileExists(atPath: cache.patternPath(for: compiled.digest)))

        let decoded = try load(directory, cache: cache)
        #expect(decoded.patternsFromCache)
        let expected = try matches(compiled)
        #expect(try matches(decoded) == expected)
        #expect(expected["finance.savings"]?[1].count == 1)
        #expect(expected["finance.exact"]?.map(\.count) == [0, 0, 1, 0, 0])
        for (fresh, cached) in zip(compiled.groups, decoded.groups) {
            #expect(fresh.group.rules.map(\.pattern.source) == cached.group.rules.map(\.pattern.source))
        }
    }

    @Test("a damaged, truncated, empty or foreign file is not decoded: the set compiles again and rewrites it")
    func untrustedFiles() throws {
        let directory = try PolicyDirectory(Self.files)
        let cache = PrefilterCache(directory: directory.path + "/cache")
        let compiled = try load(directory, cache: cache)
        let path = cache.patternPath(for: compiled.digest)
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        var flipped = good
        flipped[good.count / 2] ^= 0x01  // inside PCRE2's bytecode: only the checksum can tell

        for damaged in [flipped, good.prefix(good.count - 1), good.prefix(30), Data(), Data("RFPC1\nnope".utf8)] {
            try damaged.write(to: URL(fileURLWithPath: path))
            #expect(cache.loadPatterns(for: compiled.policySet, jit: true) == nil, "\(damaged.count) bytes")
            let again = try load(directory, cache: cache)
            #expect(!again.patternsFromCache)
            #expect(try matches(again) == matches(compiled))
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == good)
        }
    }

    @Test("a file written for other rules is not used, even under this set's name")
    func otherRules() throws {
        let directory = try PolicyDirectory(Self.files)
        let cache = PrefilterCache(directory: directory.path + "/cache")
        let compiled = try load(directory, cache: cache)
        let other = try PolicyDirectory(["violence.yaml": PolicyDirectory.violence])
        let otherSet = try load(other, cache: cache)
        try FileManager.default.removeItem(atPath: cache.patternPath(for: compiled.digest))
        try FileManager.default.copyItem(
            atPath: cache.patternPath(for: otherSet.digest),
            toPath: cache.patternPath(for: compiled.digest)
        )
        #expect(cache.loadPatterns(for: compiled.policySet, jit: true) == nil)
        #expect(!(try load(directory, cache: cache)).patternsFromCache)
    }

    @Test("a rule whose pattern does not compile is reported as before, and nothing is cached")
    func brokenRule() throws {
        let directory = try PolicyDirectory([
            "violence.yaml": PolicyDirectory.violence.replacingOccurrences(of: "'\\bbomb\\b'", with: "'(bomb'")
        ])
        let cache = PrefilterCache(directory: directory.path + "/cache")
        #expect(throws: PolicyError.self) { try load(directory, cache: cache) }
        let cached = (try? FileManager.default.contentsOfDirectory(atPath: cache.directory)) ?? []
        #expect(cached.filter { $0.hasPrefix("patterns-") }.isEmpty)
    }
}
