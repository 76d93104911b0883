import Foundation

/// Tunables of the review web pages.
public struct ReviewWebConfiguration: Sendable, Hashable {
    /// Mark the session cookie `Secure` (set it when the server sits behind TLS). Default false: the
    /// server listens on loopback over plain HTTP unless told otherwise.
    public var secureCookies: Bool
    /// Failed sign-ins (or bad API tokens) a client may make per window before getting 429 (default 10).
    /// Token checks still running count too, so a client never has more than this many in flight.
    public var loginFailuresPerWindow: Int
    /// The rate-limit window (default 5 minutes).
    public var loginWindow: TimeInterval
    /// The largest form or JSON body accepted (default 64 KiB).
    public var maxBodyBytes: Int

    /// Creates a configuration.
    public init(
        secureCookies: Bool = false,
        loginFailuresPerWindow: Int = 10,
        loginWindow: TimeInterval = 300,
        maxBodyBytes: Int = 64 * 1024
    ) {
        self.secureCookies = secureCookies
        self.loginFailuresPerWindow = loginFailuresPerWindow
        self.loginWindow = loginWindow
        self.maxBodyBytes = maxBodyBytes
    }
}
