import Foundation
import Hummingbird
import HummingbirdTesting
import ReviewStore
import Testing

@testable import ReviewWeb

@Suite("Sign-in, sessions and rate limiting")
struct AuthTests {
    @Test(
        "pages need a session: GETs redirect to /login, POSTs and the API get 401",
        arguments: ["/queue", "/items/1", "/dashboard", "/next", "/"]
    )
    func loginRequired(path: String) async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let response = try await client.get(path)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == (path == "/" ? "/queue" : "/login"))
        }
    }

    @Test("a decision or API call without a session is refused and nothing is stored")
    func unauthenticatedWrites() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let form = try await client.postForm("/items/1/decision", [("decision", "confirm"), ("csrf", "x")])
            #expect(form.status == .unauthorized)
            #expect(form.text.contains("Sign in"))
            let api = try await client.get("/api/queue")
            #expect(api.status == .unauthorized)
            #expect(api.text.contains(#""error""#))
            let forged = try await client.get("/queue", cookie: "refusald_session=\(String(repeating: "a", count: 64))")
            #expect(forged.status == .seeOther)
        }
        #expect(try await fixture.store.item(id: 1)?.decisions.isEmpty == true)
    }

    @Test("a wrong token is refused with 401 and no cookie; the right one sets a strict HttpOnly cookie")
    func tokens() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            for wrong in ["", "nope", String(repeating: "0", count: 64), fixture.aliceToken.uppercased()] {
                let response = try await client.postForm("/login", [("token", wrong)])
                #expect(response.status == .unauthorized)
                #expect(response.headers[.setCookie] == nil)
                #expect(response.text.contains("not valid"))
            }
            let response = try await client.postForm("/login", [("token", fixture.aliceToken)])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/queue")
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.hasPrefix("refusald_session="))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains(fixture.aliceToken))

            let session = String(try #require(cookie.split(separator: ";").first))
            let queue = try await client.get("/queue", cookie: session)
            #expect(queue.status == .ok)
            #expect(queue.text.contains("alice"))
            let again = try await client.get("/login", cookie: session)
            #expect(again.headers[.location] == "/queue")
        }
    }

    @Test("signing in always issues a new session id and drops the one the browser had (no fixation)")
    func noFixation() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.live) { client in
            // An attacker plants a well-formed id the server never issued, then the victim signs in.
            let planted = "refusald_session=\(String(repeating: "b", count: 64))"
            let fresh = try await client.login(fixture.aliceToken, cookie: planted)
            #expect(fresh != planted)
            #expect(fresh.count == planted.count)
            let replay = try await client.get("/queue", cookie: planted)
            #expect(replay.status == .seeOther)
            #expect(replay.headers[.location] == "/login")
            #expect(try await client.get("/api/queue", cookie: planted).status == .unauthorized)

            // Signing in again from a browser that holds a live session replaces that session too.
            let second = try await client.login(fixture.bobToken, cookie: fresh)
            #expect(second != fresh)
            #expect(try await client.get("/queue", cookie: fresh).status == .seeOther)
            #expect(try await client.get("/queue", cookie: second).text.contains("bob"))
        }
    }

    @Test("an attacker's own live session planted in the victim's browser is not the victim's after sign-in")
    func plantedLiveSession() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.live) { client in
            let attacker = try await client.login(fixture.bobToken)
            let attackerID = String(attacker.dropFirst("refusald_session=".count))
            let victim = try await client.login(fixture.aliceToken, cookie: attacker)
            #expect(victim != attacker)
            // The planted id is dead server-side: it neither acts as alice nor as bob any more.
            #expect(try await fixture.store.session(id: attackerID) == nil)
            let replay = try await client.get("/queue", cookie: attacker)
            #expect(replay.headers[.location] == "/login")
            #expect(try await client.get("/api/queue", cookie: attacker).status == .unauthorized)
            #expect(try await client.get("/queue", cookie: victim).text.contains("alice"))
        }
    }

    @Test("failed sign-ins are rate-limited per client with 429 and Retry-After, until the window passes")
    func rateLimit() async throws {
        let fixture = try await WebFixture(loginFailures: 3)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            for _ in 0..<3 {
                #expect(try await client.postForm("/login", [("token", "guess")]).status == .unauthorized)
            }
            let blocked = try await client.postForm("/login", [("token", fixture.aliceToken)])
            #expect(blocked.status == .tooManyRequests)
            #expect(Int(blocked.headers[Reply.header("Retry-After")] ?? "") ?? 0 > 0)
            #expect(blocked.headers[.setCookie] == nil)
            let api = try await client.get("/api/queue", headers: [.authorization: "Bearer \(fixture.aliceToken)"])
            #expect(api.status == .tooManyRequests)

            fixture.clock.advance(by: 299)
            #expect(try await client.postForm("/login", [("token", fixture.aliceToken)]).status == .tooManyRequests)
            fixture.clock.advance(by: 2)
            #expect(try await client.postForm("/login", [("token", fixture.aliceToken)]).status == .seeOther)
        }
    }

    @Test("a burst of concurrent guesses cannot get past the limit: the check and the count are one step")
    func concurrentGuesses() async throws {
        let fixture = try await WebFixture(loginFailures: 3)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<24 {
                    group.addTask {
                        try await client.postForm("/login", [("token", "guess-\(index)")]).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count == 3)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 21)
            #expect(try await client.postForm("/login", [("token", fixture.aliceToken)]).status == .tooManyRequests)
        }
    }

    @Test("successful sign-ins do not use up the limit; only failures do")
    func successesAreFree() async throws {
        let fixture = try await WebFixture(loginFailures: 2)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            for _ in 0..<5 {
                _ = try await client.login(fixture.aliceToken)
            }
            #expect(try await client.postForm("/login", [("token", "guess")]).status == .unauthorized)
            _ = try await client.login(fixture.bobToken)
            #expect(try await client.postForm("/login", [("token", "guess")]).status == .unauthorized)
            #expect(try await client.postForm("/login", [("token", fixture.aliceToken)]).status == .tooManyRequests)
        }
    }

    @Test("sign-out needs the CSRF token, ends the session server-side and clears the cookie")
    func logout() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.live) { client in
            let cookie = try await client.login(fixture.aliceToken)
            let id = String(cookie.dropFirst("refusald_session=".count))
            let csrf = try await client.csrf(cookie: cookie)
            #expect(try await client.postForm("/logout", [], cookie: cookie).status == .forbidden)
            #expect(try await client.postForm("/logout", [("csrf", "x")], cookie: cookie).status == .forbidden)
            #expect(try await fixture.store.session(id: id) != nil)
            let response = try await client.postForm("/logout", [("csrf", csrf)], cookie: cookie)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/login")
            let cleared = try #require(response.headers[.setCookie])
            #expect(cleared.contains("Max-Age=0"))
            #expect(cleared.contains("HttpOnly"))
            #expect(cleared.contains("SameSite=Strict"))
            // The browser may ignore the cleared cookie; the server must not: the id is gone.
            #expect(try await fixture.store.session(id: id) == nil)
            #expect(try await client.get("/queue", cookie: cookie).status == .seeOther)
            #expect(try await client.get("/api/queue", cookie: cookie).status == .unauthorized)
        }
    }

    @Test("the real server sees the client address and serves sign-in and the queue over a socket")
    func live() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.live) { client in
            let cookie = try await client.login(fixture.aliceToken)
            let queue = try await client.get("/queue", cookie: cookie)
            #expect(queue.status == .ok)
            #expect(queue.text.contains("/items/1?"))
        }
    }
}
