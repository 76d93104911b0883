import Foundation

/// Counts failed sign-ins per client and says when a client must wait.
///
/// Only failures count, so a reviewer who signs in correctly is never held up; memory stays bounded by
/// forgetting lapsed entries and, past `maxClients`, the clients with the oldest failures.
actor LoginRateLimiter {
    private let limit: Int
    private let window: TimeInterval
    private let now: @Sendable () -> Date
    private let maxClients = 10_000
    private var failures: [String: [Date]] = [:]

    init(limit: Int, window: TimeInterval, now: @escaping @Sendable () -> Date) {
        self.limit = max(1, limit)
        self.window = window
        self.now = now
    }

    /// Seconds `client` must wait before trying again, or nil if it may try now.
    func retryAfter(_ client: String) -> TimeInterval? {
        let current = now()
        let recent = (failures[client] ?? []).filter { current.timeIntervalSince($0) < window }
        failures[client] = recent.isEmpty ? nil : recent
        guard recent.count >= limit, let oldest = recent.first else { return nil }
        return max(1, window - current.timeIntervalSince(oldest))
    }

    /// Notes one failed attempt by `client`.
    func recordFailure(_ client: String) {
        let current = now()
        var recent = (failures[client] ?? []).filter { current.timeIntervalSince($0) < window }
        recent.append(current)
        failures[client] = recent
        if failures.count > maxClients {
            let stale = failures.sorted { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) }
            for (key, _) in stale.prefix(failures.count - maxClients) {
                failures[key] = nil
            }
        }
    }
}
