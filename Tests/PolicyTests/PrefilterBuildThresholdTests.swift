import Testing

@testable import Policy

/// When `refusald scan` compiles a missing prefilter itself, and when it says it screens without one.
@Suite("Prefilter build threshold")
struct PrefilterBuildThresholdTests {
    @Test("compiling pays off from 64 MB per worker on")
    func build() {
        let perWorker = PrefilterBuildThreshold.bytesPerWorker
        #expect(perWorker == 64 << 20)
        #expect(!PrefilterBuildThreshold.shouldBuild(inputBytes: perWorker - 1, workers: 1))
        #expect(PrefilterBuildThreshold.shouldBuild(inputBytes: perWorker, workers: 1))
        #expect(!PrefilterBuildThreshold.shouldBuild(inputBytes: 2 * perWorker - 1, workers: 2))
        #expect(PrefilterBuildThreshold.shouldBuild(inputBytes: 2 * perWorker, workers: 2))
        #expect(PrefilterBuildThreshold.shouldBuild(inputBytes: perWorker, workers: 0), "at least one worker")
    }

    @Test("the note names the cache and both flags, from 1 MB of input on")
    func note() throws {
        #expect(PrefilterBuildThreshold.note(inputBytes: (1 << 20) - 1, cacheDirectory: "/c") == nil)
        let note = try #require(PrefilterBuildThreshold.note(inputBytes: 1 << 20, cacheDirectory: "/var/cache/r"))
        #expect(note.contains("cached in /var/cache/r"))
        #expect(note.contains("--build-prefilter") && note.contains("--no-prefilter"))
    }

    @Test("compiling unasked says why the run is quiet for a while, and where the result goes")
    func buildNote() {
        let note = PrefilterBuildThreshold.buildNote(inputBytes: 200 << 20, cacheDirectory: "/var/cache/r")
        #expect(note.contains("compiling the prefilter"))
        #expect(note.contains("200 MB of input"))
        #expect(note.contains("cached in /var/cache/r"))
    }
}
