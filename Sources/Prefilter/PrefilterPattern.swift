/// One rule to put into the prefilter: a PCRE2 pattern run in prefilter mode, or the literals the rule
/// cannot match without.
///
/// The options here must mirror the options the rule is compiled with in PCRE2: the prefilter is only a
/// superset of the PCRE2 matches when both sides agree on what `.`, `^`/`$` and letter case mean.
public struct PrefilterPattern: Hashable, Sendable {
    /// The rule's index, from 0 to 2^26 - 1; reported back by a scan when this pattern may match. Unique within
    /// one database.
    public var id: Int32
    /// The regular expression, in PCRE2 syntax, without delimiters (empty when `requiredLiterals` is used).
    public var pattern: String
    /// When not empty, the rule is a candidate only if every clause has at least one of its strings in the
    /// text (letter case ignored), and `pattern` is not used. This is how YARA's atoms work: exact
    /// literal search is fast and cheap to compile, where prefilter mode approximates big patterns so
    /// loosely that they become candidates for nearly every text.
    public var requiredLiterals: [[String]]
    /// In a required literal, stands for any one white-space character, as PCRE2's `\s` does with Unicode
    /// properties (a private-use code point, so it never collides with a real literal: callers must not put
    /// U+E000 itself into a literal).
    public static let whiteSpace: Unicode.Scalar = "\u{E000}"
    /// In a required literal, stands for a word boundary (PCRE2's `\b`). At either end of a string, next to a
    /// letter or digit, it asks for the text's edge or a character that is not an ASCII letter, digit or
    /// underscore there (every character PCRE2's `\b` allows there is one), so `fuse` at a word start does not
    /// fire on "confuse". Elsewhere it is ignored. Like ``whiteSpace``, a private-use code point (U+E001).
    public static let wordBoundary: Unicode.Scalar = "\u{E001}"
    /// Whether a ``wordBoundary`` next to `scalar` at either end of a literal is checked: `scalar` is a letter or
    /// a number (which PCRE2's `\w` always matches with Unicode properties) or an underscore.
    public static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return scalar == "_"
        }
    }

    /// Whether `byte` is an ASCII letter, digit or underscore: the characters a checked ``wordBoundary`` does not
    /// allow next to its literal (the expressions' class `[^a-zA-Z0-9_]`, and the scan's check after a literal
    /// that ends a word).
    @inline(__always)
    public static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    /// Whether letters match regardless of case (Unicode simple case folding, e.g. `k`, `K` and the Kelvin sign).
    public var caseless: Bool
    /// Whether `.` also matches a newline (PCRE2 `DOTALL`).
    public var dotAll: Bool
    /// Whether `^` and `$` also match at internal line breaks (PCRE2 `MULTILINE`).
    public var multiline: Bool

    /// Creates a pattern for the prefilter.
    /// - Parameters:
    ///   - id: The rule's index, reported back by ``PrefilterDatabase/candidates(in:scratch:)``.
    ///   - pattern: The PCRE2 expression.
    ///   - caseless: Whether to ignore letter case.
    ///   - dotAll: Whether `.` matches a newline.
    ///   - multiline: Whether `^`/`$` match at line breaks.
    public init(id: Int32, pattern: String, caseless: Bool = false, dotAll: Bool = false, multiline: Bool = false) {
        self.id = id
        self.pattern = pattern
        self.requiredLiterals = []
        self.caseless = caseless
        self.dotAll = dotAll
        self.multiline = multiline
    }

    /// Creates a literal-requirement entry: the rule may match only where every clause has one of its
    /// strings in the text, whatever the letter case.
    /// - Parameters:
    ///   - id: The rule's index.
    ///   - requiredLiterals: The clauses; none may be empty, nor hold an empty string. ``whiteSpace`` in a
    ///     string stands for one white-space character, ``wordBoundary`` for a word boundary.
    public init(id: Int32, requiredLiterals: [[String]]) {
        self.id = id
        self.pattern = ""
        self.requiredLiterals = requiredLiterals
        self.caseless = true
        self.dotAll = false
        self.multiline = false
    }
}
