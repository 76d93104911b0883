import Batch
import Metrics

/// Metric names and labels in one place, as exposed at `GET /metrics`.
public enum DaemonMetrics {
    /// `refusald_items_total{verdict}`.
    public static let items = "refusald_items_total"
    /// `refusald_findings_by_category_total{category}`.
    public static let findingsByCategory = "refusald_findings_by_category_total"
    /// `refusald_findings_by_kind_total{kind}`.
    public static let findingsByKind = "refusald_findings_by_kind_total"
    /// `refusald_policy_reloads_total{result}`.
    public static let reloads = "refusald_policy_reloads_total"
    /// `refusald_rules_loaded`.
    public static let rulesLoaded = "refusald_rules_loaded"
    /// `refusald_review_enqueued_total{queue}`.
    public static let reviewEnqueued = "refusald_review_enqueued_total"
    /// `refusald_rule_errors_total{rule}`: matches stopped by a PCRE2 limit, by rule id.
    public static let ruleErrors = "refusald_rule_errors_total"
    /// `refusald_write_errors_total`: attempts to write or commit a verdict file that failed
    /// (disk full, file size limit, I/O error); the input stays in `work/` and is retried.
    public static let writeErrors = "refusald_write_errors_total"
    /// `refusald_review_queue_errors_total`: files whose flagged items could not be written to the
    /// review store (locked past every retry, or another database error); the file is retried.
    public static let reviewQueueErrors = "refusald_review_queue_errors_total"
    /// `refusald_review_queue_lock_waits_total`: review-queue writes that waited over
    /// ``ReviewQueueSink/slowWriteWarning`` for the database (another process held it locked).
    public static let reviewQueueLockWaits = "refusald_review_queue_lock_waits_total"
    /// `refusald_files_failing`: files in `work/` whose last attempt failed, waiting for a retry.
    public static let filesFailing = "refusald_files_failing"
    /// `refusald_policy_reload_failing`: 1 while the last reload attempt was rejected (broken or
    /// missing policy directory; the set loaded before stays in force), else 0.
    public static let policyReloadFailing = "refusald_policy_reload_failing"

    /// Records one screened file's counts.
    static func record(_ report: FileReport) {
        Counter(label: items, dimensions: [("verdict", "pass")]).increment(by: report.passed)
        Counter(label: items, dimensions: [("verdict", "flag")]).increment(by: report.flagged)
        Counter(label: items, dimensions: [("verdict", "error")]).increment(by: report.errors)
        for (category, count) in report.findingsByCategory {
            Counter(label: findingsByCategory, dimensions: [("category", category)]).increment(by: count)
        }
        for (kind, count) in report.findingsByKind {
            Counter(label: findingsByKind, dimensions: [("kind", kind)]).increment(by: count)
        }
        for (rule, count) in report.ruleErrorsByRule {
            Counter(label: ruleErrors, dimensions: [("rule", rule)]).increment(by: count)
        }
    }
}
