/// Which reviewed items `ReviewStore.exportRows(_:)` returns.
public enum ExportSelection: String, Codable, Sendable, CaseIterable {
    /// Only confirmed items.
    case confirmed
    /// Only overturned items.
    case overturned
    /// Every item with a final status (confirmed, overturned or escalated).
    case all
}
