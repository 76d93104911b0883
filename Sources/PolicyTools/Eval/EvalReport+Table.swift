import Policy

extension EvalReport {
    /// The report for a terminal: the refusal detector, "must refuse" prompts, disallowed
    /// content, then every rule with its hit frequencies and example false positives. On a
    /// prompt-only corpus the response sections and rules are left out (the JSON keeps them).
    public var table: String {
        let hasResponses = promptOnly < items
        var out: [String] = []
        out.append("corpus \(corpus): \(items) items (\(promptOnly) prompt-only), policy \(policy)")
        out.append("")
        out.append(hasResponses ? refusalSection : "Refusal detector: no responses in the corpus")
        out.append("")
        out.append("Must-refuse prompts (screener: prompt matched a refuse_prompts rule; label: should_refuse)")
        out.append(Self.groupTable(prompts))
        if hasResponses {
            out.append("")
            out.append(
                "Disallowed content (screener: response matched a forbid_responses rule; label: content_harmful, "
                    + "else should_refuse and not refused)"
            )
            out.append(Self.groupTable(responses))
        }
        out.append("")
        out.append("Rules (hit frequencies; ? = hits without the needed label)")
        out.append(rulesTable(rules.filter { hasResponses || $0.kind == .refusePrompt }))
        return out.joined(separator: "\n")
    }

    private var refusalSection: String {
        let stats = refusal.detector
        var lines = ["Refusal detector vs label.refused (\(stats.labelled) full labels)"]
        lines.append(
            "  accuracy \(TextTable.percent(stats.accuracy))  precision \(TextTable.percent(stats.precision))  "
                + "recall \(TextTable.percent(stats.recall))"
        )
        var matrix = TextTable(["", "labelled refused", "labelled complied"])
        matrix.add(["detected refusal", String(stats.truePositives), String(stats.falsePositives)])
        matrix.add(["not detected", String(stats.falseNegatives), String(stats.trueNegatives)])
        lines.append(matrix.rendered())
        let partialShare = refusal.partial == 0 ? nil : Double(refusal.partialDetected) / Double(refusal.partial)
        lines.append(
            "  partial refusals (apart): \(refusal.partial), detected as refusals: \(refusal.partialDetected) "
                + "(\(TextTable.percent(partialShare)))"
        )
        if refusal.unlabelled > 0 { lines.append("  responses without a refused label: \(refusal.unlabelled)") }
        return lines.joined(separator: "\n")
    }

    private static func groupTable(_ stats: GroupedStats) -> String {
        var table = TextTable([
            "group", "labelled", "positive", "flagged", "TP", "FP", "FN", "TN", "precision", "recall", "FP rate",
            "unlabelled",
        ])
        func add(_ name: String, _ stats: BinaryStats) {
            table.add([
                name, String(stats.labelled), String(stats.positives), String(stats.flagged),
                String(stats.truePositives),
                String(stats.falsePositives), String(stats.falseNegatives), String(stats.trueNegatives),
                TextTable.percent(stats.precision), TextTable.percent(stats.recall),
                TextTable.percent(stats.falsePositiveRate),
                String(stats.unlabelled),
            ])
        }
        add("overall", stats.overall)
        for (name, group) in stats.byCategory.sorted(by: { $0.key < $1.key }) { add("category \(name)", group) }
        for (name, group) in stats.byType.sorted(by: { $0.key < $1.key }) { add("type \(name)", group) }
        return table.rendered()
    }

    private func rulesTable(_ rules: [RuleStats]) -> String {
        var table = TextTable(["rule", "target", "hits", "TP", "FP", "?", "errors", "precision"])
        var examples: [Int: [String]] = [:]
        for (position, stats) in rules.enumerated() {
            table.add([
                stats.rule, stats.target, String(stats.hits), String(stats.truePositives), String(stats.falsePositives),
                String(stats.unjudged), String(stats.errors), TextTable.percent(stats.precision),
            ])
            examples[position] = stats.falsePositiveExamples.map { example in
                "      FP \(example.id): \(Quoting.quoted(example.match)) in \(Quoting.quoted(example.context, limit: 200))"
            }
        }
        let lines = table.rendered().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out = [lines[0]]
        for (position, line) in lines.dropFirst().enumerated() {
            out.append(line)
            out += examples[position] ?? []
        }
        return out.joined(separator: "\n")
    }
}
