import Foundation

/// The moment a chunk of lines was screened, to the second: as RFC 3339 text for `screened_at`, and as the
/// `Date` that text means, for sinks that store it (so none has to parse the text back).
public struct Timestamp: Sendable, Equatable {
    /// The moment, in whole seconds.
    public let date: Date
    /// The same moment as RFC 3339 text in UTC, e.g. `2026-11-25T14:03:07Z`.
    public let text: String

    /// The moment `date` falls in, truncated to the second.
    public init(_ date: Date) {
        var time = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        self.date = Date(timeIntervalSince1970: TimeInterval(time))
        self.text = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ",
            parts.tm_year + 1900,
            parts.tm_mon + 1,
            parts.tm_mday,
            parts.tm_hour,
            parts.tm_min,
            parts.tm_sec
        )
    }

    /// The current time.
    public static func now() -> Timestamp {
        Timestamp(Date())
    }
}
