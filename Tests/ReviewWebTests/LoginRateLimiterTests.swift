import Foundation
import NIOCore
import Testing

@testable import ReviewWeb

@Suite("Sign-in rate limiter")
struct LoginRateLimiterTests {
    @Test("the attempt after `limit` failures waits out the window; other clients are not affected")
    func perClientWindow() async {
        let clock = TestClock()
        let limiter = LoginRateLimiter(limit: 3, window: 60, now: clock.closure)
        for _ in 0..<3 {
            #expect(await limiter.beginAttempt("10.0.0.1") == nil)
            clock.advance(by: 1)
        }
        let wait = await limiter.beginAttempt("10.0.0.1")
        #expect(wait == 57, "the oldest failure (t=0) lapses at t=60; now is t=3")
        #expect(await limiter.beginAttempt("10.0.0.2") == nil)

        clock.advance(by: 56)
        #expect(await limiter.beginAttempt("10.0.0.1") != nil, "t=59: still inside the window")
        clock.advance(by: 1)
        #expect(await limiter.beginAttempt("10.0.0.1") == nil, "t=60: the first failure lapsed, one slot is free")
        #expect(await limiter.beginAttempt("10.0.0.1") != nil, "and only one")
    }

    @Test("a success gives its reserved attempt back; refused attempts reserve nothing")
    func successReturnsTheSlot() async {
        let clock = TestClock()
        let limiter = LoginRateLimiter(limit: 2, window: 60, now: clock.closure)
        for _ in 0..<10 {
            #expect(await limiter.beginAttempt("a") == nil)
            await limiter.recordSuccess("a")
        }
        #expect(await limiter.beginAttempt("a") == nil)
        #expect(await limiter.beginAttempt("a") == nil)
        for _ in 0..<5 {
            #expect(await limiter.beginAttempt("a") != nil)
        }
        clock.advance(by: 60)
        #expect(await limiter.beginAttempt("a") == nil, "blocked attempts did not extend the window")
    }

    @Test("attempts still in flight count: no more than `limit` run at once")
    func inFlight() async {
        let limiter = LoginRateLimiter(limit: 4, window: 60, now: TestClock().closure)
        let admitted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<50 {
                group.addTask { await limiter.beginAttempt("burst") == nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(admitted == 4)
    }
}

@Suite("Rate-limit client keys")
struct ClientKeyTests {
    @Test(
        "IPv4 addresses key as themselves; IPv6 addresses by their /64, so one host cannot rotate past the limit",
        arguments: [
            ("192.0.2.7", "192.0.2.7"),
            ("127.0.0.1", "127.0.0.1"),
            ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
            ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
            ("::1", "0:0:0:0::/64"),
            ("::ffff:192.0.2.7", "192.0.2.7"),
        ]
    )
    func keys(address: String, key: String) throws {
        #expect(ReviewSite.clientKey(for: try SocketAddress(ipAddress: address, port: 443)) == key)
    }

    @Test("without a known peer every request shares one bucket")
    func unknown() {
        #expect(ReviewSite.clientKey(for: nil) == "unknown")
    }
}
