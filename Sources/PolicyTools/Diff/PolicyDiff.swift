import Policy
import Screening

/// Screens a corpus with two policy sets and reports what changes: the engine of
/// `refusald policy diff`, what an operator checks before deploying a policy change.
public struct PolicyDiff: Sendable {
    /// The screener with the deployed set.
    public let old: Screener
    /// The screener with the candidate set.
    public let new: Screener

    /// Creates a diff of two compiled sets.
    public init(old: CompiledPolicySet, new: CompiledPolicySet) {
        self.old = Screener(policies: old)
        self.new = Screener(policies: new)
    }

    /// Screens every item with both sets.
    public func compare(_ corpus: EvalCorpus, name: String = "-") -> DiffReport {
        var report = DiffReport(
            oldDirectory: old.policies.policySet.directory,
            oldPolicy: old.policies.digest,
            newDirectory: new.policies.policySet.directory,
            newPolicy: new.policies.digest,
            corpus: name
        )
        var oldHits: [String: Int] = [:]
        var newHits: [String: Int] = [:]
        var added: [String: Int] = [:]
        var removed: [String: Int] = [:]
        let oldSession = old.makeSession()
        let newSession = new.makeSession()
        for item in corpus.items {
            report.items += 1
            let response = item.response ?? ""
            let (oldOutcome, oldRules) = Self.screen(item.prompt, response, with: old, session: oldSession)
            let (newOutcome, newRules) = Self.screen(item.prompt, response, with: new, session: newSession)
            for rule in oldRules { oldHits[rule, default: 0] += 1 }
            for rule in newRules { newHits[rule, default: 0] += 1 }
            for rule in newRules.subtracting(oldRules) { added[rule, default: 0] += 1 }
            for rule in oldRules.subtracting(newRules) { removed[rule, default: 0] += 1 }
            if oldOutcome != newOutcome {
                report.changed.append(
                    DiffReport.ChangedItem(
                        id: item.id,
                        shouldRefuse: item.label.shouldRefuse,
                        old: oldOutcome,
                        new: newOutcome
                    )
                )
            }
        }
        let ruleIDs = Set(added.keys).union(removed.keys)
        report.rules = ruleIDs.sorted().map { rule in
            DiffReport.RuleChange(
                rule: rule,
                oldHits: oldHits[rule] ?? 0,
                newHits: newHits[rule] ?? 0,
                added: added[rule] ?? 0,
                removed: removed[rule] ?? 0
            )
        }
        return report
    }

    /// The outcome of one item and the rules that matched it (prompt and response rules that
    /// matched after `allow`, and the refusal marker that decided).
    private static func screen(
        _ prompt: String,
        _ response: String,
        with screener: Screener,
        session: ScreeningSession
    ) -> (DiffReport.Outcome, Set<String>) {
        let analysis = screener.analyse(prompt: prompt, response: response, session: session)
        let findings = screener.findings(for: analysis, prompt: prompt, response: response)
        var rules = Set((analysis.promptHits + analysis.responseHits).filter { $0.failure == nil }.map(\.rule.id))
        if let marker = analysis.refusalMarker { rules.insert(marker.rule.id) }
        let outcome = DiffReport.Outcome(
            verdict: findings.isEmpty ? "pass" : "flag",
            refused: analysis.refused,
            findings: findings.map { "\($0.kind.rawValue)(\($0.rule))" }.sorted()
        )
        return (outcome, rules)
    }
}
