import Foundation

/// Everything known about one queued item: the texts, the findings, the decision history and the lease.
public struct ReviewItem: Codable, Sendable, Hashable {
    /// The store's own key (the `{id}` in `/items/{id}` and `refusald review show ID`).
    public var id: Int64
    /// The verdict's `id`.
    public var externalID: String
    /// The input file.
    public var sourceFile: String
    /// The 1-based line in the input file.
    public var sourceLine: Int
    /// The prompt text.
    public var prompt: String
    /// The response text, or nil for a prompt-only line.
    public var response: String?
    /// The findings, in verdict order.
    public var findings: [ReviewFinding]
    /// The policy digest the item was screened with.
    public var policyDigest: String
    /// When it was screened.
    public var screenedAt: Date
    /// `flagged` or `audit`.
    public var queue: ReviewQueue
    /// The input's language, if known.
    public var language: String?
    /// The verdict line, verbatim.
    public var verdictJSON: String
    /// When it entered the store.
    public var enqueuedAt: Date
    /// The status derived from the decisions.
    public var status: ItemStatus
    /// Every decision, oldest first; the history is never rewritten.
    public var decisions: [Decision]
    /// The live lease, if someone holds one that has not lapsed.
    public var lease: Lease?

    /// The distinct categories named by the findings.
    public var categories: [String] {
        var seen: [String] = []
        for category in findings.compactMap(\.category) where !seen.contains(category) {
            seen.append(category)
        }
        return seen
    }
}
