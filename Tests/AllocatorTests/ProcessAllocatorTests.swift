import Foundation
import Testing

@testable import Allocator

@Suite("ProcessAllocator: mimalloc replaces glibc's malloc")
struct ProcessAllocatorTests {
    @Test("malloc hands out mimalloc blocks, in this binary as in refusald (same link setting)")
    func mallocIsMimalloc() {
        #expect(ProcessAllocator.isMimalloc)
        #expect(ProcessAllocator.description.hasPrefix("mimalloc 2."), "\(ProcessAllocator.description)")
    }

    @Test("Swift arrays are allocated by mimalloc too")
    func swiftStorageIsMimalloc() {
        let array = [UInt8](repeating: 7, count: 4096)
        array.withUnsafeBufferPointer { buffer in
            #expect(ProcessAllocator.owns(UnsafeRawPointer(buffer.baseAddress!)))
        }
    }

    @Test(
        "freed memory goes back to the system once returnFreedMemory is called (small and huge blocks)",
        arguments: [(1_000, 200_000), (96 * 1024, 2_000), (2 << 20, 100)]
    )
    func freedMemoryIsReturned(blockBytes: Int, blockCount: Int) throws {
        let before = try Self.residentKilobytes()
        var blocks: [UnsafeMutableRawPointer] = []
        blocks.reserveCapacity(blockCount)
        for _ in 0..<blockCount {
            let block = malloc(blockBytes)!
            memset(block, 0x5A, blockBytes)  // touch every page, so it is resident
            blocks.append(block)
        }
        let peak = try Self.residentKilobytes()
        for block in blocks { free(block) }
        ProcessAllocator.returnFreedMemory()
        let after = try Self.residentKilobytes()
        // About 190 MiB was made resident; at least half of it must be gone again.
        #expect(peak - before > 150 * 1024, "before \(before) KiB, peak \(peak) KiB")
        #expect(peak - after > (peak - before) / 2, "before \(before) KiB, peak \(peak) KiB, after \(after) KiB")
    }

    /// `VmRSS` from `/proc/self/status`, in KiB.
    static func residentKilobytes() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
    }
}
