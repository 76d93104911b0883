import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import ReviewStore
import Testing

@testable import ReviewWeb

@Suite("JSON API")
struct APITests {
    @Test("a bearer token reads the queue and an item, and records decisions under its annotator")
    func bearer() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let auth: HTTPFields = [.authorization: "Bearer \(fixture.bobToken)"]
            let queue = try await client.get("/api/queue?status=pending&queue=flagged", headers: auth)
            #expect(queue.status == .ok)
            let listing = try JSONSerialization.jsonObject(with: Data(queue.text.utf8)) as? [String: Any]
            #expect(listing?["total"] as? Int == 3)

            let item = try await client.get("/api/items/3", headers: auth)
            #expect(item.text.contains(#""response":"Sure! <script>alert(1)<\/script> Here is how.""#))
            #expect(item.headers[.contentType] == "application/json; charset=utf-8")

            var headers = auth
            headers[.contentType] = "application/json"
            let decided = try await client.execute(
                uri: "/api/items/3/decision",
                method: .post,
                headers: headers,
                body: ByteBuffer(string: #"{"decision":"escalate","note":"unsure"}"#)
            )
            #expect(decided.status == .ok)
            #expect(decided.text.contains(#""status":"escalated""#))

            let bad = try await client.execute(
                uri: "/api/items/3/decision",
                method: .post,
                headers: headers,
                body: ByteBuffer(string: #"{"decision":"maybe"}"#)
            )
            #expect(bad.status == .badRequest)
            let wrong = try await client.get("/api/queue", headers: [.authorization: "Bearer nope"])
            #expect(wrong.status == .unauthorized)
            let stats = try await client.get("/api/stats", headers: auth)
            #expect(stats.text.contains(#""rules""#))
        }
        #expect(try await fixture.store.item(id: 3)?.decisions.map(\.annotator) == ["bob"])
    }

    @Test("with a session cookie, API writes need the X-CSRF-Token header")
    func cookieNeedsCSRF() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let cookie = try await client.login(fixture.aliceToken)
            let csrf = try await client.csrf(cookie: cookie)
            let body = ByteBuffer(string: #"{"decision":"confirm"}"#)
            let refused = try await client.execute(
                uri: "/api/items/2/decision",
                method: .post,
                headers: [.cookie: cookie, .contentType: "application/json"],
                body: body
            )
            #expect(refused.status == .forbidden)
            let accepted = try await client.execute(
                uri: "/api/items/2/decision",
                method: .post,
                headers: [.cookie: cookie, .contentType: "application/json", Reply.header("X-CSRF-Token"): csrf],
                body: body
            )
            #expect(accepted.status == .ok)
            let claimed = try await client.execute(
                uri: "/api/next",
                method: .post,
                headers: [.cookie: cookie, Reply.header("X-CSRF-Token"): csrf]
            )
            #expect(claimed.text.contains(#""id":1"#))
        }
        #expect(try await fixture.store.item(id: 2)?.decisions.map(\.annotator) == ["alice"])
    }

    @Test("the dashboard shows counts per category, the precision table and an SVG bar chart")
    func dashboard() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        _ = try await fixture.store.decide(itemID: 1, annotator: "alice", kind: .confirm)
        _ = try await fixture.store.decide(itemID: 2, annotator: "alice", kind: .overturn)
        _ = try await fixture.store.decide(itemID: 4, annotator: "bob", kind: .overturn, category: "fraud")
        try await fixture.application.test(.router) { client in
            let cookie = try await client.login(fixture.aliceToken)
            let page = try await client.get("/dashboard", cookie: cookie).text
            #expect(page.contains("id=\"category-counts\""))
            #expect(
                page.contains("<td class=\"rule\">violence.weapons.build-explosive</td><td>violence</td><td>1</td>")
            )
            #expect(page.contains("<svg class=\"chart\""))
            #expect(page.contains("50% (1/2)"))
            #expect(page.contains("1 misses"))
            #expect(page.contains("href=\"/items/4?status=all\""))
        }
    }
}
