import PCRE2
import Screening
import Synchronization

/// The screening sessions of one ``BatchScreener``, kept between files so that PCRE2 match data,
/// JIT stacks and Vectorscan scratch are allocated once per policy set, not once per file.
///
/// A file checks out one session per worker and returns them when it is done; files screened at
/// the same time never get the same session. Sessions belong to the screener's policy set: a
/// reloaded set gets a new screener and so a new pool, and the old pool is freed with the last
/// file still using it.
final class SessionPool: Sendable {
    private let screener: Screener
    private let limits: MatchLimits
    private let recordsCosts: Bool
    private let idle = Mutex(IdleSessions())

    /// Creates an empty pool; sessions are made on first use.
    /// - Parameter recordsCosts: Give every session ``RuleCosts`` to count into (see ``costs()``).
    init(screener: Screener, limits: MatchLimits, recordsCosts: Bool = false) {
        self.screener = screener
        self.limits = limits
        self.recordsCosts = recordsCosts
    }

    /// Runs `body` with `count` sessions that no one else uses meanwhile, then keeps them for the next file.
    func withSessions<Result, Failure: Error>(
        _ count: Int,
        _ body: (CheckedOutSessions) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        var sessions = idle.withLock { idle in idle.take(upTo: count) }
        while sessions.list.count < count {
            let session = screener.makeSession(limits: limits)
            if recordsCosts { session.costs = RuleCosts() }
            sessions.list.append(session)
        }
        // Returned on success and on a throw alike: a session holds no per-file state.
        defer { idle.withLock { idle in idle.give(sessions) } }
        return try body(sessions)
    }

    /// The rule costs of every session not in use, added up; `nil` unless the pool records costs. Call it when no
    /// file is being screened, or the sessions in use are left out.
    func costs() -> RuleCosts? {
        guard recordsCosts else { return nil }
        let total = RuleCosts()
        idle.withLock { idle in
            for session in idle.list {
                if let costs = session.costs { total.merge(costs) }
            }
        }
        return total
    }

    /// How many sessions wait unused (for tests).
    var idleCount: Int { idle.withLock { $0.list.count } }
}

/// Sessions handed to one file's workers.
///
/// `@unchecked Sendable`: a session is not thread-safe, but the pool hands each one to exactly one
/// file at a time (under its lock), and `concurrentPerform` gives each worker its own index, so no
/// session is ever used by two threads at once.
struct CheckedOutSessions: @unchecked Sendable {
    fileprivate(set) var list: [ScreeningSession]

    /// The session of `worker`.
    func session(_ worker: Int) -> ScreeningSession { list[worker] }
}

/// The pool's unused sessions; `@unchecked Sendable` for the same reason as ``CheckedOutSessions``.
private struct IdleSessions: @unchecked Sendable {
    var list: [ScreeningSession] = []

    mutating func take(upTo count: Int) -> CheckedOutSessions {
        let taken = Array(list.suffix(count))
        list.removeLast(taken.count)
        return CheckedOutSessions(list: taken)
    }

    mutating func give(_ sessions: CheckedOutSessions) {
        list += sessions.list
    }
}
