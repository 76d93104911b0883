import Foundation

/// Counts sign-in attempts per client and says when a client must wait.
///
/// An attempt is counted when it starts (``beginAttempt(_:)``), in the same actor step as the check, and
/// taken back when it succeeds (``recordSuccess(_:)``). Checking first and counting the failure after the
/// token lookup would let a burst of concurrent guesses all pass the check before any failure is counted;
/// this way at most `limit` guesses per window are ever in flight or done, however many arrive at once.
/// A reviewer who signs in correctly is never held up by their own success. Memory stays bounded by
/// forgetting lapsed entries and, past `maxClients`, the clients with the oldest attempts.
actor LoginRateLimiter {
    private let limit: Int
    private let window: TimeInterval
    private let now: @Sendable () -> Date
    private let maxClients = 10_000
    private var attempts: [String: [Date]] = [:]

    init(limit: Int, window: TimeInterval, now: @escaping @Sendable () -> Date) {
        self.limit = max(1, limit)
        self.window = window
        self.now = now
    }

    /// Reserves one attempt for `client`: nil if it may try now (the attempt counts as failed until
    /// ``recordSuccess(_:)``), otherwise the seconds it must wait.
    func beginAttempt(_ client: String) -> TimeInterval? {
        let current = now()
        var recent = (attempts[client] ?? []).filter { current.timeIntervalSince($0) < window }
        if recent.count >= limit, let oldest = recent.first {
            attempts[client] = recent
            return max(1, window - current.timeIntervalSince(oldest))
        }
        recent.append(current)
        attempts[client] = recent
        evictIfFull()
        return nil
    }

    /// Takes back the attempt `client` reserved, because it succeeded.
    func recordSuccess(_ client: String) {
        guard var recent = attempts[client], !recent.isEmpty else { return }
        recent.removeLast()
        attempts[client] = recent.isEmpty ? nil : recent
    }

    private func evictIfFull() {
        guard attempts.count > maxClients else { return }
        let stale = attempts.sorted { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) }
        for (key, _) in stale.prefix(attempts.count - maxClients) {
            attempts[key] = nil
        }
    }
}
