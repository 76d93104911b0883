/// The metadata keys of the `Inbox` module's log lines, in one place so dashboards can rely on them.
public enum InboxLogKeys {
    /// The file's name in `work/` (as claimed).
    public static let file = "file"
    /// Items screened in the file.
    public static let items = "items"
    /// Items flagged in the file.
    public static let flagged = "flagged"
    /// Items with an `error` verdict in the file.
    public static let errors = "errors"
    /// Flags by category (`category=count,…`).
    public static let flagsByCategory = "flags_by_category"
    /// Time from the start of screening to the input reaching `done/`, in milliseconds.
    public static let durationMilliseconds = "duration_ms"
    /// The policy digest the file was screened with.
    public static let policyDigest = "policy_digest"
    /// Why a file was quarantined.
    public static let reason = "reason"
    /// The error that made an operation fail.
    public static let error = "error"
    /// How many times screening the file has failed so far.
    public static let attempt = "attempt"
    /// The delay before the next try, in milliseconds.
    public static let retryInMilliseconds = "retry_in_ms"
    /// The state directory.
    public static let stateDirectory = "state_dir"
    /// How many files a step concerned.
    public static let count = "count"
}
