/// The one error type of the `Prefilter` module.
///
/// Compares and hashes by all of its fields; switch on ``code`` to react, show ``description`` to people.
public struct PrefilterError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure happened. Extensible: new codes may be added, so `switch` with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case duplicatePatternID
            case patternIDOutOfRange
            case compileFailed
            case scratchFailed
            case scanFailed
            case textTooLarge
            case invalidDatabase
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// Two patterns given to one compile share an id, so a candidate could not be traced to one rule.
        public static let duplicatePatternID = Code(.duplicatePatternID)
        /// A pattern id is negative or too large to be encoded in a Vectorscan report (2^26 and up).
        public static let patternIDOutOfRange = Code(.patternIDOutOfRange)
        /// The pattern set as a whole failed to compile (not one pattern's fault).
        public static let compileFailed = Code(.compileFailed)
        /// A scratch space could not be allocated, grown or cloned.
        public static let scratchFailed = Code(.scratchFailed)
        /// A scan failed (wrong scratch, scratch used twice at once, or an engine error).
        public static let scanFailed = Code(.scanFailed)
        /// The text is longer than the 4 GiB a single Vectorscan scan takes.
        public static let textTooLarge = Code(.textTooLarge)
        /// Bytes given to ``PrefilterDatabase/deserialize(_:)`` are not a usable database.
        public static let invalidDatabase = Code(.invalidDatabase)

        /// The code's name.
        public var description: String {
            switch base {
            case .duplicatePatternID: "duplicatePatternID"
            case .patternIDOutOfRange: "patternIDOutOfRange"
            case .compileFailed: "compileFailed"
            case .scratchFailed: "scratchFailed"
            case .scanFailed: "scanFailed"
            case .textTooLarge: "textTooLarge"
            case .invalidDatabase: "invalidDatabase"
            }
        }
    }

    /// What kind of failure happened.
    public let code: Code
    /// What went wrong and how to fix it.
    public let message: String
    /// The pattern the error is about, when there is one.
    public let patternID: Int32?
    /// The underlying `hs_error_t` status, when Vectorscan reported one.
    public let vectorscanStatus: Int32?

    init(code: Code, message: String, patternID: Int32? = nil, vectorscanStatus: Int32? = nil) {
        self.code = code
        self.message = message
        self.patternID = patternID
        self.vectorscanStatus = vectorscanStatus
    }

    /// The message, prefixed with the pattern id and followed by the Vectorscan status where known.
    public var description: String {
        var text = "Prefilter error (\(code))"
        if let patternID {
            text += " for pattern \(patternID)"
        }
        text += ": \(message)"
        if let vectorscanStatus {
            text += " [Vectorscan status \(vectorscanStatus)]"
        }
        return text
    }
}
