/// Inter-annotator agreement over items that two or more annotators decided.
///
/// For each such item, the latest decisions of the first two annotators to decide on it form a pair.
/// Percent agreement is the share of pairs with the same decision; Cohen's kappa corrects it for the
/// agreement expected by chance from the two positions' label frequencies.
public struct AgreementReport: Codable, Sendable, Hashable {
    /// Items with a pair of decisions.
    public var pairs: Int
    /// Pairs with the same decision.
    public var agreeing: Int
    /// Pair counts by (first, second) decision, e.g. `"confirm/overturn": 3`.
    public var confusion: [String: Int]
    /// agreeing / pairs, or nil without pairs.
    public var percentAgreement: Double? {
        pairs == 0 ? nil : Double(agreeing) / Double(pairs)
    }
    /// Cohen's kappa, or nil without pairs or when chance agreement is 1 (a single label in use).
    public var cohensKappa: Double?
}
