import Foundation
import PCRE2

/// The cache directory also keeps every rule's compiled PCRE2 code, so a start with an unchanged policy set decodes
/// the patterns (under a millisecond for the shipped 213) instead of compiling them (about 20 ms, plus the
/// ``BoundaryLookahead`` rewrite): a scan of a 130 MB file spent 1.5 % of its CPU time compiling patterns.
///
/// File layout (little endian): magic `RFPC1\n`, rule count, per rule its id, the source that was compiled and
/// whether it is caseless, then the PCRE2 serialization (``Pattern/serialize(_:)``), then a checksum of all of that.
/// PCRE2 checks little of what it decodes, so a file whose checksum does not match is not decoded at all.
extension PrefilterCache {
    private static let patternMagic = Array("RFPC1\n".utf8)

    /// The compiled-pattern file for a policy digest: keyed by the digest (the rules), the PCRE2 version (the
    /// bytecode) and ``BoundaryLookahead/version`` (the rewrite applied before compiling).
    public func patternPath(for digest: String) -> String {
        let pcre2 = Pattern.libraryVersion.prefix { $0 != " " }.filter { $0.isNumber || $0 == "." }
        return file("patterns", digest: digest, key: "pcre2-\(pcre2)-\(BoundaryLookahead.version).bin")
    }

    /// The compiled rules of `set` as stored for its digest, or `nil` when there is no usable file (none, another
    /// rule list, a checksum mismatch, another PCRE2 build).
    func loadPatterns(for set: PolicySet, jit: Bool) -> [String: CompiledRule]? {
        guard let file = MappedFile(path: patternPath(for: set.digest)) else { return nil }
        defer { file.unmap() }
        guard file.bytes.count > 8 else { return nil }
        let body = UnsafeRawBufferPointer(rebasing: file.bytes[0..<(file.bytes.count - 8)])
        let stored = file.bytes.loadUnaligned(fromByteOffset: body.count, as: UInt64.self)
        guard UInt64(littleEndian: stored) == CacheFile.checksum(body) else { return nil }
        var reader = ByteReader(bytes: body)
        let rules = set.allRules
        guard reader.readMagic(Self.patternMagic), reader.readInt() == rules.count else { return nil }
        var entries: [(source: String, options: PatternOptions)] = []
        entries.reserveCapacity(rules.count)
        for rule in rules {
            guard let id = reader.readString(), id == rule.id, let source = reader.readString(),
                let caseless = reader.readInt(), (caseless == 1) == rule.caseless
            else { return nil }
            entries.append((source, PatternOptions(caseless: rule.caseless, jit: jit)))
        }
        guard let serialized = reader.readBytes(), reader.offset == body.count,
            let patterns = try? Pattern.deserialize(serialized, as: entries)
        else { return nil }
        var compiled: [String: CompiledRule] = [:]
        compiled.reserveCapacity(rules.count)
        for (rule, pattern) in zip(rules, patterns) {
            compiled[rule.id] = CompiledRule(rule, precompiled: pattern)
        }
        return compiled
    }

    /// Stores the compiled rules of `set` (every rule of it compiled) for its digest, atomically.
    func storePatterns(for set: PolicySet, compiled: [String: CompiledRule]) {
        let rules = set.allRules.compactMap { compiled[$0.id] }
        guard rules.count == set.allRules.count, !rules.isEmpty,
            let serialized = try? Pattern.serialize(rules.map(\.pattern))
        else { return }
        var writer = ByteWriter()
        writer.bytes.append(contentsOf: Self.patternMagic)
        writer.write(rules.count)
        for rule in rules {
            writer.write(rule.rule.id)
            writer.write(rule.pattern.source)
            writer.write(rule.rule.caseless ? 1 : 0)
        }
        writer.write(serialized)
        let checksum = writer.bytes.withUnsafeBytes { CacheFile.checksum($0) }
        withUnsafeBytes(of: checksum.littleEndian) { writer.bytes.append(contentsOf: $0) }
        CacheFile.writeAtomically(writer.bytes, to: patternPath(for: set.digest), in: directory)
    }
}
