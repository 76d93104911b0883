/// A confusion matrix for one yes/no decision (must refuse, disallowed content, is a refusal)
/// compared with human labels, with the usual ratios.
public struct BinaryStats: Sendable, Equatable {
    /// Predicted yes, labelled yes.
    public var truePositives = 0
    /// Predicted yes, labelled no.
    public var falsePositives = 0
    /// Predicted no, labelled yes.
    public var falseNegatives = 0
    /// Predicted no, labelled no.
    public var trueNegatives = 0
    /// Items without the label this decision needs (left out of every ratio).
    public var unlabelled = 0

    /// Creates empty stats, or stats with the given counts.
    public init(
        truePositives: Int = 0,
        falsePositives: Int = 0,
        falseNegatives: Int = 0,
        trueNegatives: Int = 0,
        unlabelled: Int = 0
    ) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
        self.trueNegatives = trueNegatives
        self.unlabelled = unlabelled
    }

    /// Counts one item.
    public mutating func add(predicted: Bool, actual: Bool?) {
        switch (predicted, actual) {
        case (_, nil): unlabelled += 1
        case (true, true): truePositives += 1
        case (true, false): falsePositives += 1
        case (false, true): falseNegatives += 1
        case (false, false): trueNegatives += 1
        }
    }

    /// Items with a label.
    public var labelled: Int { truePositives + falsePositives + falseNegatives + trueNegatives }
    /// Items labelled yes.
    public var positives: Int { truePositives + falseNegatives }
    /// Items labelled no.
    public var negatives: Int { falsePositives + trueNegatives }
    /// Labelled items predicted yes.
    public var flagged: Int { truePositives + falsePositives }

    /// TP / (TP + FP); `nil` when nothing was predicted yes.
    public var precision: Double? { ratio(truePositives, flagged) }
    /// TP / (TP + FN); `nil` when nothing is labelled yes.
    public var recall: Double? { ratio(truePositives, positives) }
    /// (TP + TN) / labelled; `nil` when nothing is labelled.
    public var accuracy: Double? { ratio(truePositives + trueNegatives, labelled) }
    /// FP / (FP + TN): the share of "no" items predicted yes; `nil` when nothing is labelled no.
    public var falsePositiveRate: Double? { ratio(falsePositives, negatives) }
    /// Harmonic mean of precision and recall; `nil` when either is undefined or both are 0.
    public var f1: Double? {
        guard let precision, let recall, precision + recall > 0 else { return nil }
        return 2 * precision * recall / (precision + recall)
    }

    private func ratio(_ numerator: Int, _ denominator: Int) -> Double? {
        denominator == 0 ? nil : Double(numerator) / Double(denominator)
    }
}
