/// A file name compared byte for byte.
///
/// Swift's `String` equality is Unicode canonical equivalence, so `café.jsonl` written in NFC and
/// in NFD compare equal although they name two different files. Every set and dictionary that
/// tracks files by name keys on this instead, so two such files are never mistaken for one
/// (one of them would otherwise be dropped as a duplicate, or left in `work/` unscreened).
struct ExactFileName: Hashable, Sendable {
    /// The name.
    let name: String

    init(_ name: String) {
        self.name = name
    }

    static func == (lhs: ExactFileName, rhs: ExactFileName) -> Bool {
        lhs.name.utf8.elementsEqual(rhs.name.utf8)
    }

    func hash(into hasher: inout Hasher) {
        for byte in name.utf8 {
            hasher.combine(byte)
        }
    }
}
