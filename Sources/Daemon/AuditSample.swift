/// Picks the passing items that go to reviewers as an audit sample. The choice hashes the item's
/// place (file, line, id) with FNV-1a, so it is the same on every re-screen and needs no state.
public enum AuditSample {
    /// Whether this item is in the sample at `rate` (0…1).
    public static func includes(id: String, file: String, line: Int, rate: Double) -> Bool {
        guard rate > 0 else { return false }
        guard rate < 1 else { return true }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(file)\u{0}\(line)\u{0}\(id)".utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return Double(hash % 1_000_000) < rate * 1_000_000
    }
}
