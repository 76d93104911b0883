import Foundation
import Prefilter

/// Caches compiled prefilter databases on disk, keyed by the policy digest, the Vectorscan version and the literal
/// and report formats, so a restart does not pay the multi-second compile again. The same directory keeps the
/// compiled PCRE2 patterns (`PrefilterCache+Patterns.swift`).
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

    private static let magic = Array("RFPF1\n".utf8)

    /// The cache file for a policy digest.
    public func path(for digest: String) -> String {
        let engine = PrefilterDatabase.engineVersion.filter { $0.isLetter || $0.isNumber || $0 == "." }
        return file(
            "prefilter",
            digest: digest,
            key: "\(engine)-\(RequiredLiterals.version)-\(PrefilterDatabase.reportFormat).db"
        )
    }

    /// `<kind>-<digest's hex>-<key>` in the cache directory: every cache file is named this way, by what it holds,
    /// the policy digest, and the versions that make its bytes unusable when they change.
    func file(_ kind: String, digest: String, key: String) -> String {
        let hex = digest.replacingOccurrences(of: "sha256:", with: "")
        return (directory as NSString).appendingPathComponent("\(kind)-\(hex)-\(key)")
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
        guard reader.readMagic(Self.magic) else { return nil }
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
        writer.bytes.append(contentsOf: Self.magic)
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
        CacheFile.writeAtomically(writer.bytes, to: path(for: digest), in: directory)
    }
}
