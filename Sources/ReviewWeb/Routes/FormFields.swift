import Foundation

/// `application/x-www-form-urlencoded` fields, from a request body or a query string.
///
/// Parsed by hand so `+` means space (as browsers send it) and a repeated key keeps its first value.
struct FormFields: Sendable {
    private var values: [String: String] = [:]

    init(_ encoded: String) {
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = Self.decode(parts[0]) else { continue }
            let value = parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""
            if values[key] == nil {
                values[key] = value
            }
        }
    }

    /// The value of `key`, or nil if absent.
    subscript(_ key: String) -> String? { values[key] }

    /// The value of `key` with surrounding whitespace removed, or nil if absent or blank.
    func nonEmpty(_ key: String) -> String? {
        guard let value = values[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    private static func decode(_ part: Substring) -> String? {
        String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// Percent-encodes a value for a query string.
    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
