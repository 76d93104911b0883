/// One rule pattern to put into the prefilter, as PCRE2 syntax.
///
/// The options here must mirror the options the rule is compiled with in PCRE2: the prefilter is only a
/// superset of the PCRE2 matches when both sides agree on what `.`, `^`/`$` and letter case mean.
public struct PrefilterPattern: Hashable, Sendable {
    /// The rule's index; reported back by a scan when this pattern may match. Unique within one database.
    public var id: Int32
    /// The regular expression, in PCRE2 syntax, without delimiters.
    public var pattern: String
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
        self.caseless = caseless
        self.dotAll = dotAll
        self.multiline = multiline
    }
}
