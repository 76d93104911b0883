/// The side table of a serialized database: the clauses of each shared literal group (see
/// ``VectorscanExpressions``), written before Vectorscan's own bytes.
///
/// Layout, little-endian: the magic `RFPD1\\n`; the group count `n` (UInt32); `n + 1` group starts (UInt32,
/// from 0, ascending); the plain clause ids (UInt32, as many as the last start); an FNV-1a 64 checksum of
/// everything after the magic (Vectorscan checks its own bytes with a CRC, but not ours).
enum SharedGroupTable {
    private static let magic = Array("RFPD1\n".utf8)

    /// The table's bytes for `starts` and `reports`.
    static func encode(starts: [Int], reports: [UInt32]) -> [UInt8] {
        var body: [UInt8] = []
        append(UInt32(starts.count - 1), to: &body)
        for start in starts { append(UInt32(start), to: &body) }
        for report in reports { append(report, to: &body) }
        var bytes = magic + body
        let checksum = fnv1a(body)
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: checksum >> shift)) }
        return bytes
    }

    /// The table at the start of `bytes` and how many bytes it takes, or `nil` when it is missing, truncated,
    /// inconsistent or fails its checksum.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> (starts: [Int], reports: [UInt32], length: Int)? {
        guard bytes.count >= magic.count + 4, bytes.prefix(magic.count).elementsEqual(magic) else { return nil }
        var offset = magic.count
        func read() -> UInt32? {
            guard offset + 4 <= bytes.count else { return nil }
            defer { offset += 4 }
            return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        }
        guard let count = read(), Int(count) < bytes.count / 4 else { return nil }
        var starts: [Int] = []
        for _ in 0...count {
            guard let start = read(), start >= starts.last.map(UInt32.init) ?? 0 else { return nil }
            starts.append(Int(start))
        }
        guard starts.first == 0, let total = starts.last, total <= (bytes.count - offset) / 4 else { return nil }
        var reports: [UInt32] = []
        reports.reserveCapacity(total)
        for _ in 0..<total {
            guard let report = read(), ReportID.sharedGroup(report) == nil else { return nil }
            reports.append(report)
        }
        let body = UnsafeRawBufferPointer(rebasing: bytes[magic.count..<offset])
        guard offset + 8 <= bytes.count else { return nil }
        let stored = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        guard stored == fnv1a(body) else { return nil }
        return (starts, reports, offset + 8)
    }

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }

    private static func fnv1a<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 {
        bytes.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
