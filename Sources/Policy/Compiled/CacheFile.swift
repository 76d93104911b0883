import Foundation

/// Appends the cache files' little-endian integers and length-prefixed byte strings.
struct ByteWriter {
    var bytes: [UInt8] = []
    mutating func write(_ value: Int) {
        withUnsafeBytes(of: UInt64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }
    mutating func write(_ text: String) { write(Array(text.utf8)) }
    mutating func write(_ data: [UInt8]) {
        write(data.count)
        bytes.append(contentsOf: data)
    }
}

/// Reads what ``ByteWriter`` wrote; every read returns `nil` past the end instead of trapping.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0
    mutating func readMagic(_ magic: [UInt8]) -> Bool {
        guard bytes.count >= magic.count, bytes[0..<magic.count].elementsEqual(magic) else { return false }
        offset = magic.count
        return true
    }
    mutating func readInt() -> Int? {
        guard offset + 8 <= bytes.count else { return nil }
        var value: UInt64 = 0
        for shift in 0..<8 { value |= UInt64(bytes[offset + shift]) << (8 * UInt64(shift)) }
        offset += 8
        return value > UInt64(Int32.max) ? nil : Int(value)
    }
    /// The next length-prefixed bytes, in place (valid while the file stays mapped).
    mutating func readBytes() -> UnsafeRawBufferPointer? {
        guard let count = readInt(), offset + count <= bytes.count else { return nil }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
    }
    mutating func readString() -> String? { readBytes().map { String(decoding: $0, as: UTF8.self) } }
}

/// A whole file mapped read-only; `nil` when it cannot be opened, is empty or cannot be mapped.
struct MappedFile {
    let bytes: UnsafeRawBufferPointer

    init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 0 else { return nil }
        let length = Int(status.st_size)
        guard let address = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            return nil
        }
        bytes = UnsafeRawBufferPointer(start: address, count: length)
    }

    func unmap() {
        munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
    }
}

/// Helpers the cache files share.
enum CacheFile {
    /// Writes `bytes` to `path` so a reader sees the old file or the whole new one, never a part: a temporary file
    /// beside it, then `rename`. Creates `directory` first. A failure only means the next run compiles again.
    static func writeAtomically(_ bytes: [UInt8], to path: String, in directory: String) {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = path + ".tmp"
        if FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) {
            _ = rename(temporary, path)
        }
    }

    /// A 64-bit checksum of `bytes`, eight bytes at a time (an FNV-1a-style multiply per word, then the tail byte by
    /// byte): fast enough to run over a megabyte on every start, and any change of a byte changes it.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        let prime: UInt64 = 0x0000_0100_0000_01B3
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* prime
            hash ^= hash >> 29
            offset += 8
        }
        while offset < bytes.count {
            hash = (hash ^ UInt64(bytes[offset])) &* prime
            offset += 1
        }
        return hash ^ UInt64(bytes.count)
    }
}
