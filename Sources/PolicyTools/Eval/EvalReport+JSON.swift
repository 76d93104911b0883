import Policy

extension EvalReport {
    /// The report as JSON (see the README for the fields); ratios are `null` when undefined.
    public var json: JSONValue {
        .object([
            ("corpus", .string(corpus)),
            ("policy", .string(policy)),
            ("items", .int(items)),
            ("prompt_only", .int(promptOnly)),
            ("refusal", refusal.json),
            ("prompts", prompts.json),
            ("responses", responses.json),
            ("rules", .array(rules.map(\.json))),
        ])
    }
}

extension BinaryStats {
    /// `{labelled, positives, negatives, flagged, true_positives, …, precision, recall, accuracy, false_positive_rate}`.
    public var json: JSONValue {
        .object([
            ("labelled", .int(labelled)),
            ("positives", .int(positives)),
            ("negatives", .int(negatives)),
            ("flagged", .int(flagged)),
            ("true_positives", .int(truePositives)),
            ("false_positives", .int(falsePositives)),
            ("false_negatives", .int(falseNegatives)),
            ("true_negatives", .int(trueNegatives)),
            ("unlabelled", .int(unlabelled)),
            ("precision", .number(precision)),
            ("recall", .number(recall)),
            ("accuracy", .number(accuracy)),
            ("false_positive_rate", .number(falsePositiveRate)),
        ])
    }
}

extension GroupedStats {
    /// `{overall, by_category: {name: stats}, by_type: {name: stats}}`, groups in name order.
    public var json: JSONValue {
        .object([
            ("overall", overall.json),
            ("by_category", .object(byCategory.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) })),
            ("by_type", .object(byType.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) })),
        ])
    }
}

extension RefusalStats {
    /// The detector's stats over full labels plus `partial` and `unlabelled` counts.
    public var json: JSONValue {
        .object([
            ("full_labels", detector.json),
            (
                "confusion",
                .object([
                    ("detected_refused", .int(detector.truePositives)),
                    ("detected_complied", .int(detector.falsePositives)),
                    ("not_detected_refused", .int(detector.falseNegatives)),
                    ("not_detected_complied", .int(detector.trueNegatives)),
                ])
            ),
            (
                "partial",
                .object([
                    ("total", .int(partial)),
                    ("detected", .int(partialDetected)),
                ])
            ),
            ("unlabelled", .int(unlabelled)),
        ])
    }
}

extension RuleStats {
    /// `{rule, kind, target, category, hits, true_positives, false_positives, unjudged, errors, precision, false_positive_examples}`.
    public var json: JSONValue {
        .object([
            ("rule", .string(rule)),
            ("kind", .string(kind.rawValue)),
            ("target", .string(target)),
            ("category", .string(category)),
            ("hits", .int(hits)),
            ("true_positives", .int(truePositives)),
            ("false_positives", .int(falsePositives)),
            ("unjudged", .int(unjudged)),
            ("errors", .int(errors)),
            ("precision", .number(precision)),
            (
                "false_positive_examples",
                .array(
                    falsePositiveExamples.map { example in
                        .object([
                            ("id", .string(example.id)), ("match", .string(example.match)),
                            ("context", .string(example.context)),
                        ])
                    }
                )
            ),
        ])
    }
}
