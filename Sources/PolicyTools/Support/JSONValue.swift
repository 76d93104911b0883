import Screening

/// A JSON value with object keys kept in insertion order, for reports whose field order is
/// part of their readability (`policy eval --format json`, `policy diff --format json`).
public indirect enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A number, written with at most four decimals.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object; keys in this order.
    case object([(String, JSONValue)])

    /// An optional number: `null` when `nil`.
    static func number(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
    /// An optional string: `null` when `nil`.
    static func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }

    /// Pretty-printed text, two spaces per level; short arrays of scalars stay on one line.
    public func rendered(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1)
        let closing = String(repeating: "  ", count: indent)
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .number(let value): return Self.format(value)
        case .string(let value): return JSONText.quoted(value)
        case .array(let values):
            if values.isEmpty { return "[]" }
            if values.allSatisfy(\.isScalar) {
                return "[" + values.map { $0.rendered() }.joined(separator: ", ") + "]"
            }
            return "[\n" + values.map { pad + $0.rendered(indent: indent + 1) }.joined(separator: ",\n") + "\n"
                + closing + "]"
        case .object(let fields):
            if fields.isEmpty { return "{}" }
            let lines = fields.map { key, value in
                pad + JSONText.quoted(key) + ": " + value.rendered(indent: indent + 1)
            }
            return "{\n" + lines.joined(separator: ",\n") + "\n" + closing + "}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    /// `0.8333`, `1`, `0`: at most four decimals, no trailing zeros.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        let scaled = Int((abs(value) * 10_000).rounded())
        let sign = value < 0 && scaled > 0 ? "-" : ""
        let whole = scaled / 10_000
        var digits = String(scaled % 10_000)
        if digits == "0" { return sign + String(whole) }
        digits = String(repeating: "0", count: 4 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return sign + String(whole) + "." + digits
    }

    /// Two values are equal when they render to the same text.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.rendered() == rhs.rendered()
    }
}
