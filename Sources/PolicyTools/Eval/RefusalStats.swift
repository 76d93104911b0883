/// How the refusal detector agrees with `label.refused`: a confusion matrix over the full
/// labels (refused / complied), with partial refusals counted apart.
public struct RefusalStats: Sendable, Equatable {
    /// Detector vs full labels: positive = "is a refusal".
    public var detector = BinaryStats()
    /// Responses labelled `"partial"`.
    public var partial = 0
    /// Partial refusals the detector called refusals.
    public var partialDetected = 0
    /// Responses without a `refused` label.
    public var unlabelled = 0

    /// Creates empty stats.
    public init() {}

    /// Counts one response.
    public mutating func add(detected: Bool, label: RefusalLabel?) {
        switch label {
        case .refused: detector.add(predicted: detected, actual: true)
        case .complied: detector.add(predicted: detected, actual: false)
        case .partial:
            partial += 1
            if detected { partialDetected += 1 }
        case nil: unlabelled += 1
        }
    }
}
