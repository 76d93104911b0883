extension DiffReport {
    /// The diff for a terminal: a summary line, the changed items, then per-rule hit counts.
    public var table: String {
        var out: [String] = []
        out.append("old \(oldDirectory) (\(oldPolicy))")
        out.append("new \(newDirectory) (\(newPolicy))")
        out.append(
            "corpus \(corpus): \(items) items, \(changed.count) changed (\(newlyFlagged) pass → flag, "
                + "\(newlyPassed) flag → pass, \(changed.count - newlyFlagged - newlyPassed) other changes)"
        )
        if !changed.isEmpty {
            out.append("")
            out.append("Changed items")
            for item in changed {
                var line = "  \(item.id): \(item.old.verdict) → \(item.new.verdict)"
                if item.old.refused != item.new.refused {
                    line += "  refused \(item.old.refused) → \(item.new.refused)"
                }
                line += item.removed.map { "  - \($0)" }.joined()
                line += item.added.map { "  + \($0)" }.joined()
                if let shouldRefuse = item.shouldRefuse { line += "  [should_refuse \(shouldRefuse)]" }
                out.append(line)
            }
        }
        out.append("")
        if rules.isEmpty {
            out.append("No rule's hits changed.")
        } else {
            out.append("Hits per rule (items matched)")
            var table = TextTable(["rule", "old", "new", "added", "removed"])
            for rule in rules {
                table.add([rule.rule, String(rule.oldHits), String(rule.newHits), "+\(rule.added)", "-\(rule.removed)"])
            }
            out.append(table.rendered())
        }
        return out.joined(separator: "\n")
    }

    /// The diff as JSON.
    public var json: JSONValue {
        func outcome(_ outcome: Outcome) -> JSONValue {
            .object([
                ("verdict", .string(outcome.verdict)),
                ("refused", .bool(outcome.refused)),
                ("findings", .array(outcome.findings.map { .string($0) })),
            ])
        }
        return .object([
            ("old", .object([("directory", .string(oldDirectory)), ("policy", .string(oldPolicy))])),
            ("new", .object([("directory", .string(newDirectory)), ("policy", .string(newPolicy))])),
            ("corpus", .string(corpus)),
            ("items", .int(items)),
            ("changed_count", .int(changed.count)),
            ("pass_to_flag", .int(newlyFlagged)),
            ("flag_to_pass", .int(newlyPassed)),
            (
                "changed",
                .array(
                    changed.map { item in
                        .object([
                            ("id", .string(item.id)),
                            ("should_refuse", item.shouldRefuse.map { .bool($0) } ?? .null),
                            ("old", outcome(item.old)),
                            ("new", outcome(item.new)),
                            ("added", .array(item.added.map { .string($0) })),
                            ("removed", .array(item.removed.map { .string($0) })),
                        ])
                    }
                )
            ),
            (
                "rules",
                .array(
                    rules.map { rule in
                        .object([
                            ("rule", .string(rule.rule)),
                            ("old_hits", .int(rule.oldHits)),
                            ("new_hits", .int(rule.newHits)),
                            ("added", .int(rule.added)),
                            ("removed", .int(rule.removed)),
                        ])
                    }
                )
            ),
        ])
    }
}
