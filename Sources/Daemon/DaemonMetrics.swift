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
    /// `refusald_rule_errors_total`: matches stopped by a PCRE2 limit.
    public static let ruleErrors = "refusald_rule_errors_total"

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
        Counter(label: ruleErrors).increment(by: report.findingsByKind["rule_error"] ?? 0)
    }
}
