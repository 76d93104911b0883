/// A pattern Vectorscan could not compile, even in prefilter mode.
///
/// The caller must treat this rule as a candidate for every text, so PCRE2 always runs it.
public struct PrefilterRejection: Hashable, Sendable, CustomStringConvertible {
    /// The ``PrefilterPattern/id`` of the rejected pattern.
    public var patternID: Int32
    /// Vectorscan's reason, e.g. `\G at index 0 not supported.`
    public var message: String

    /// Creates a rejection record.
    public init(patternID: Int32, message: String) {
        self.patternID = patternID
        self.message = message
    }

    /// A sentence for logs and lint output.
    public var description: String {
        "pattern \(patternID) cannot be prefiltered by Vectorscan (\(message)); it will always be run in PCRE2"
    }
}
