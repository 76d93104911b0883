import Testing

@testable import Batch

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

    @Test("screening without the prefilter is worth a note from 1 MB of input on")
    func note() {
        #expect(!PrefilterBuildThreshold.shouldNote(inputBytes: (1 << 20) - 1))
        #expect(PrefilterBuildThreshold.shouldNote(inputBytes: 1 << 20))
    }
}
