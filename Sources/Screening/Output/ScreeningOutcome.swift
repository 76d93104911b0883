/// What screening one item gave, as ``Screener/screenOutcomes(_:file:lines:screenedAt:session:)`` returns it.
public enum ScreeningOutcome: Sendable {
    /// No rule group named a candidate rule or marker for either text, so the verdict is a pass, not refused,
    /// without findings. It is not built: ``Verdict/clean(_:file:line:policy:screenedAt:)`` builds it when needed
    /// and ``VerdictEncoder/appendClean(idJSON:meta:line:parts:to:)`` writes it straight from the item.
    case clean
    /// The item's verdict, built in full.
    case screened(Verdict)
}
