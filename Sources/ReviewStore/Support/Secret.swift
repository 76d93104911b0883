import Crypto

/// Random secrets, their hashes and constant-time comparison: the only place the store touches crypto.
enum Secret {
    /// 32 random bytes from the system's cryptographically secure generator, as 64 lowercase hex digits.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return hex(bytes)
    }

    /// SHA-256 of the UTF-8 bytes of `text`.
    static func sha256(_ text: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(text.utf8)))
    }

    /// Hex SHA-256 of `bytes`.
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        hex(Array(SHA256.hash(data: bytes)))
    }

    /// Whether two secrets are equal, compared as SHA-256 digests in constant time.
    ///
    /// Hashing first makes both sides 32 bytes whatever was sent, so the comparison below always runs
    /// over the full digest: its time says neither how long the secret is (a plain compare returns early
    /// on a length mismatch) nor how many leading characters a guess got right (`==` on `String` stops at
    /// the first difference, which is what lets an attacker recover a token byte by byte).
    static func secretsEqual(_ candidate: String, _ secret: String) -> Bool {
        constantTimeEqual(sha256(candidate), sha256(secret))
    }

    /// Compares two byte strings in time that depends only on their lengths, never on where they differ.
    ///
    /// Every byte pair is XORed and OR-ed into one accumulator with no branch on the data, so the loop
    /// always runs to the end; only the final `== 0` looks at the result. Give it equal-length inputs
    /// (digests): a length mismatch returns at once.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices {
            difference |= lhs[index] ^ rhs[index]
        }
        return difference == 0
    }

    /// Lowercase hex of `bytes`.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
