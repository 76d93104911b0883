import Foundation
import Prefilter

/// Caches compiled prefilter databases on disk, keyed by the policy digest, the Vectorscan
/// version and the literal and report formats, so a restart does not pay the multi-second compile again.
///
/// File layout (little endian): magic `RFPF1\n`, group count, then per group: name length +
/// name, unfiltered count + indexes, rejection count + (rule id, message) strings, database
/// length + bytes (0 when the group has no database).
public struct PrefilterCache: Sendable {
    /// The directory holding cache files (created when missing).
    public let directory: String

    /// Creates a cache in `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// The cache file for a policy digest.
    public func path(for digest: String) -> String {
        let key = digest.replacingOccurrences(of: "sha256:", with: "")
        let engine = PrefilterDatabase.engineVersion.filter { $0.isLetter || $0.isNumber || $0 == "." }
        return (directory as NSString).appendingPathComponent(
            "prefilter-\(key)-\(engine)-\(RequiredLiterals.version)-\(PrefilterDatabase.reportFormat).db"
        )
    }

    /// Loads the groups stored for `digest`, or `nil` when there is no usable cache entry.
    func load(
        digest: String
    ) -> [String: (database: PrefilterDatabase?, unfiltered: [Int], rejections: [String: String])]? {
        // Mapped rather than read: the file is mostly databases (megabytes), and Vectorscan copies each one out
        // of the mapping itself, so nothing else needs a copy.
        guard let file = MappedFile(path: path(for: digest)) else { return nil }
        defer { file.unmap() }
        var reader = ByteReader(bytes: file.bytes)
        guard reader.readMagic() else { return nil }
        var groups: [String: (PrefilterDatabase?, [Int], [String: String])] = [:]
        guard let count = reader.readInt() else { return nil }
        for _ in 0..<count {
            guard let name = reader.readString(), let unfilteredCount = reader.readInt() else { return nil }
            var unfiltered: [Int] = []
            for _ in 0..<unfilteredCount {
                guard let index = reader.readInt() else { return nil }
                unfiltered.append(index)
            }
            guard let rejectionCount = reader.readInt() else { return nil }
            var rejections: [String: String] = [:]
            for _ in 0..<rejectionCount {
                guard let id = reader.readString(), let message = reader.readString() else { return nil }
                rejections[id] = message
            }
            guard let bytes = reader.readBytes() else { return nil }
            let database = bytes.isEmpty ? nil : try? PrefilterDatabase.deserialize(bytes)
            if !bytes.isEmpty && database == nil { return nil }
            groups[name] = (database, unfiltered, rejections)
        }
        return groups
    }

    /// Stores groups for `digest` atomically (write to a temporary file, then rename).
    func store(digest: String, groups: [String: RuleGroup]) {
        var writer = ByteWriter()
        writer.bytes.append(contentsOf: Array("RFPF1\n".utf8))
        writer.write(groups.count)
        for (name, group) in groups.sorted(by: { $0.key < $1.key }) {
            writer.write(name)
            writer.write(group.unfiltered.count)
            for index in group.unfiltered { writer.write(index) }
            writer.write(group.rejections.count)
            for (id, message) in group.rejections.sorted(by: { $0.key < $1.key }) {
                writer.write(id)
                writer.write(message)
            }
            writer.write(group.prefilter?.serialize() ?? [])
        }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let target = path(for: digest)
        let temporary = target + ".tmp"
        if FileManager.default.createFile(atPath: temporary, contents: Data(writer.bytes)) {
            _ = rename(temporary, target)
        }
    }
}

private struct ByteWriter {
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

private struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0
    mutating func readMagic() -> Bool {
        let magic = Array("RFPF1\n".utf8)
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
private struct MappedFile {
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
