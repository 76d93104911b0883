/// What screening cost, rule by rule: how often each rule ran in PCRE2, how often it matched and how long
/// it took, plus the prefilter scans, so a policy author can see which rule makes a scan slow (and
/// whether its prefilter clause lets it run on texts it never matches). SpamAssassin and YARA keep
/// the same kind of per-rule counters.
///
/// A session records into its own ``RuleCosts`` (one thread, no locks); merge the sessions' costs at
/// the end. Not thread-safe (hence `@unchecked Sendable`): it moves between threads only with its session,
/// which the batch screener's pool hands out under a lock. Recording costs two clock reads per PCRE2 run
/// and per prefilter scan, so it is off unless a session is given one (`refusald scan --rule-costs`).
public final class RuleCosts: @unchecked Sendable {
    /// One rule's counters.
    public struct Entry: Sendable, Equatable {
        /// PCRE2 runs (the rule was a candidate, or had no prefilter).
        public var runs = 0
        /// Runs that found at least one match.
        public var matches = 0
        /// Runs that hit a match limit or failed otherwise.
        public var failures = 0
        /// Time spent in those runs.
        public var nanoseconds: UInt64 = 0

        mutating func add(_ other: Entry) {
            runs += other.runs
            matches += other.matches
            failures += other.failures
            nanoseconds &+= other.nanoseconds
        }
    }

    /// Counters by rule id.
    public private(set) var rules: [String: Entry] = [:]
    /// Prefilter (Vectorscan) scans and their time, all groups together.
    public private(set) var prefilterScans = 0
    /// Time spent in prefilter scans.
    public private(set) var prefilterNanoseconds: UInt64 = 0

    /// Creates empty counters.
    public init() {}

    func recordRun(rule: String, matched: Bool, failed: Bool, nanoseconds: UInt64) {
        rules[rule, default: Entry()].add(
            Entry(runs: 1, matches: matched ? 1 : 0, failures: failed ? 1 : 0, nanoseconds: nanoseconds)
        )
    }

    func recordScan(nanoseconds: UInt64) {
        prefilterScans += 1
        prefilterNanoseconds &+= nanoseconds
    }

    /// Adds `other`'s counters to these.
    public func merge(_ other: RuleCosts) {
        for (rule, entry) in other.rules {
            rules[rule, default: Entry()].add(entry)
        }
        prefilterScans += other.prefilterScans
        prefilterNanoseconds &+= other.prefilterNanoseconds
    }

    /// The rules by time spent, most first (ties by id).
    public var byTime: [(rule: String, entry: Entry)] {
        rules.map { (rule: $0.key, entry: $0.value) }.sorted { a, b in
            a.entry.nanoseconds != b.entry.nanoseconds ? a.entry.nanoseconds > b.entry.nanoseconds : a.rule < b.rule
        }
    }

    /// A table of the `limit` costliest rules and the totals, for a terminal.
    public func report(limit: Int = 25) -> String {
        func milliseconds(_ nanoseconds: UInt64) -> String {
            String(Double(nanoseconds / 1_000) / 1_000)
        }
        let totalRuns = rules.values.reduce(0) { $0 + $1.runs }
        let totalTime = rules.values.reduce(UInt64(0)) { $0 &+ $1.nanoseconds }
        var lines = [
            "PCRE2: \(milliseconds(totalTime)) ms in \(totalRuns) runs of \(rules.count) rules; "
                + "prefilter: \(milliseconds(prefilterNanoseconds)) ms in \(prefilterScans) scans",
            Self.left("rule", 44) + "      runs   matches      ms   µs/run",
        ]
        for (rule, entry) in byTime.prefix(limit) {
            let perRun = entry.runs == 0 ? 0 : Double(entry.nanoseconds) / Double(entry.runs) / 1_000
            lines.append(
                Self.left(rule, 44) + Self.right(String(entry.runs), 10) + Self.right(String(entry.matches), 10)
                    + Self.right(milliseconds(entry.nanoseconds), 8) + Self.right(String(Int(perRun.rounded())), 9)
                    + (entry.failures > 0 ? "  (\(entry.failures) failed)" : "")
            )
        }
        return lines.joined(separator: "\n")
    }

    private static func left(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.count))
    }

    private static func right(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
