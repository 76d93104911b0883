/// A fragment of HTML whose interpolated strings are escaped.
///
/// Writing `"<td>\(text)</td>" as HTML` escapes `text` through `HTML.escape(_:)`, the single escaping
/// function of this module; only another `HTML` value (already safe) is inserted verbatim. Model output
/// is hostile input, so nothing reaches a page except through here.
struct HTML: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup.
    private(set) var raw: String

    /// Wraps markup that is known to be safe (a literal, or built from escaped parts).
    init(unsafeRaw raw: String) {
        self.raw = raw
    }

    /// A literal is markup written by us.
    init(stringLiteral value: String) {
        self.raw = value
    }

    /// Builds a fragment from a literal with interpolations.
    init(stringInterpolation: Interpolation) {
        self.raw = stringInterpolation.raw
    }

    /// The markup.
    var description: String { raw }

    /// Escapes text for use in element content and in double- or single-quoted attribute values:
    /// `&`, `<`, `>`, `"` and `'` become character references, and NUL becomes U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\0": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Joins fragments.
    static func join(_ parts: [HTML], separator: HTML = "") -> HTML {
        HTML(unsafeRaw: parts.map(\.raw).joined(separator: separator.raw))
    }

    /// The interpolation rules: text is escaped, `HTML` is kept, numbers are printed.
    struct Interpolation: StringInterpolationProtocol {
        var raw = ""

        /// Reserves room.
        init(literalCapacity: Int, interpolationCount: Int) {
            raw.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        /// Literal markup written by us.
        mutating func appendLiteral(_ literal: String) {
            raw += literal
        }

        /// Text: always escaped.
        mutating func appendInterpolation(_ text: String) {
            raw += HTML.escape(text)
        }

        /// Optional text: escaped, nothing for nil.
        mutating func appendInterpolation(_ text: String?) {
            if let text {
                raw += HTML.escape(text)
            }
        }

        /// A safe fragment, inserted as is.
        mutating func appendInterpolation(_ html: HTML) {
            raw += html.raw
        }

        /// An integer, which cannot carry markup.
        mutating func appendInterpolation<T: BinaryInteger>(_ number: T) {
            raw += String(number)
        }
    }
}
