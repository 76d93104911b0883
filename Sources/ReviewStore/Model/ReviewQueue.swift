/// Which queue an item entered the store through.
public enum ReviewQueue: String, Codable, Sendable, CaseIterable {
    /// The screener flagged the item: reviewers check that the findings are right.
    case flagged
    /// A random sample of `pass` items: reviewers check what the rules missed.
    case audit
}
