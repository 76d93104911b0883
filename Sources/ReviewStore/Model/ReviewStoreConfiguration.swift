import Foundation

/// Tunables of a `ReviewStore`.
public struct ReviewStoreConfiguration: Sendable, Hashable {
    /// Distinct annotators that must decide before an item leaves `pending` (1 or 2; default 1).
    public var requiredReviews: Int
    /// How long a claim on an item lasts (default 5 minutes).
    public var leaseDuration: TimeInterval
    /// How long a login session lasts (default 12 hours).
    public var sessionLifetime: TimeInterval
    /// How long SQLite waits for another connection's lock before reporting busy (default 5 s).
    public var busyTimeout: TimeInterval
    /// How many times a write that still finds the file busy is retried (default 5).
    public var busyRetries: Int

    /// Creates a configuration.
    public init(
        requiredReviews: Int = 1,
        leaseDuration: TimeInterval = 300,
        sessionLifetime: TimeInterval = 12 * 3600,
        busyTimeout: TimeInterval = 5,
        busyRetries: Int = 5
    ) {
        self.requiredReviews = requiredReviews
        self.leaseDuration = leaseDuration
        self.sessionLifetime = sessionLifetime
        self.busyTimeout = busyTimeout
        self.busyRetries = busyRetries
    }
}
