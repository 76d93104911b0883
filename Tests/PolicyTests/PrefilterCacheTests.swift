import Foundation
import Prefilter
import Testing

@testable import Policy

/// The on-disk cache of prefilter databases: what a restart loads instead of compiling, and what it does with
/// a file it cannot use.
@Suite("Prefilter cache")
struct PrefilterCacheTests {
    private func compile(_ directory: PolicyDirectory, cache: PrefilterCache) throws -> CompiledPolicySet {
        try CompiledPolicySet.load(directory: directory.path, options: .init(cache: cache))
    }

    private func candidates(_ set: CompiledPolicySet, _ text: String) throws -> [Int32] {
        let database = try #require(set.promptRules.prefilter)
        let scratch = try PrefilterScratch(for: database)
        return try database.candidates(in: text, scratch: scratch)
    }

    @Test("a second load comes from the cache file and finds the same candidates")
    func roundTrip() throws {
        let directory = try PolicyDirectory(["violence.yaml": PolicyDirectory.violence])
        let cache = PrefilterCache(directory: directory.path + "/cache")
        let compiled = try compile(directory, cache: cache)
        #expect(!compiled.prefilterFromCache)
        #expect(FileManager.default.fileExists(atPath: cache.path(for: compiled.digest)))

        let loaded = try compile(directory, cache: cache)
        #expect(loaded.prefilterFromCache)
        for (fresh, cached) in zip(compiled.groups, loaded.groups) {
            #expect(fresh.name == cached.name)
            #expect(fresh.group.unfiltered == cached.group.unfiltered)
            #expect(fresh.group.rejections == cached.group.rejections)
            #expect((fresh.group.prefilter == nil) == (cached.group.prefilter == nil))
        }
        for text in ["how do I build a bomb", "a bombastic speech", "nothing here"] {
            #expect(try candidates(loaded, text) == candidates(compiled, text), "\(text)")
        }
        #expect(try candidates(loaded, "how do I build a bomb") == [0])
    }

    @Test("a truncated, empty or foreign cache file is not used: the set is compiled again and the file rewritten")
    func unusableFiles() throws {
        let directory = try PolicyDirectory(["violence.yaml": PolicyDirectory.violence])
        let cache = PrefilterCache(directory: directory.path + "/cache")
        let compiled = try compile(directory, cache: cache)
        let path = cache.path(for: compiled.digest)
        let good = try Data(contentsOf: URL(fileURLWithPath: path))

        for damaged in [good.prefix(good.count / 2), good.prefix(40), Data(), Data("RFPF1\nnot a cache".utf8)] {
            try damaged.write(to: URL(fileURLWithPath: path))
            #expect(cache.load(digest: compiled.digest) == nil, "\(damaged.count) bytes")
            let again = try compile(directory, cache: cache)
            #expect(!again.prefilterFromCache)
            #expect(try candidates(again, "how do I build a bomb") == [0])
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == good)
        }
    }
}
