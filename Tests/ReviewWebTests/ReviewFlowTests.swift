import Foundation
import Hummingbird
import HummingbirdTesting
import ReviewStore
import Testing

@testable import ReviewWeb

@Suite("Reviewing through the pages")
struct ReviewFlowTests {
    @Test("a decision needs the session's own CSRF token; without it nothing is stored")
    func csrfRequired() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let alice = try await client.login(fixture.aliceToken)
            let bob = try await client.login(fixture.bobToken)
            let aliceCSRF = try await client.csrf(cookie: alice)
            let bobCSRF = try await client.csrf(cookie: bob)

            let attempts: [[(String, String)]] = [
                [("decision", "confirm")],
                [("decision", "confirm"), ("csrf", "")],
                [("decision", "confirm"), ("csrf", String(repeating: "f", count: 64))],
                [("decision", "confirm"), ("csrf", bobCSRF)],
            ]
            for fields in attempts {
                let response = try await client.postForm("/items/1/decision", fields, cookie: alice)
                #expect(response.status == .forbidden)
                #expect(response.text.contains("security token"))
            }
            let crossSite = try await client.postForm(
                "/items/1/decision",
                [("decision", "confirm"), ("csrf", aliceCSRF)],
                cookie: alice,
                headers: [Reply.header("Origin"): "https://evil.example"]
            )
            #expect(crossSite.status == .forbidden)
            #expect(try await fixture.store.item(id: 1)?.decisions.isEmpty == true)

            let accepted = try await client.postForm(
                "/items/1/decision",
                [("decision", "confirm"), ("csrf", aliceCSRF)],
                cookie: alice,
                headers: [Reply.header("Origin"): "http://localhost"]
            )
            #expect(accepted.status == .seeOther)
        }
        #expect(try await fixture.store.item(id: 1)?.status == .confirmed)
    }

    @Test("the decision is recorded under the signed-in annotator, whatever the form claims")
    func decisionUnderSessionAnnotator() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let bob = try await client.login(fixture.bobToken)
            let csrf = try await client.csrf(cookie: bob)
            let response = try await client.postForm(
                "/items/2/decision",
                [
                    ("decision", "overturn"), ("annotator", "alice"), ("note", "fiction <i>writing</i>"),
                    ("category", "gaming"), ("csrf", csrf), ("filters", "status=pending&queue=flagged"),
                ],
                cookie: bob
            )
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/next?status=pending&queue=flagged&recorded=2")

            let next = try await client.get(try #require(response.headers[.location]), cookie: bob)
            #expect(next.status == .seeOther)
            #expect(next.headers[.location] == "/items/1?status=pending&queue=flagged&recorded=2")
            let page = try await client.get(try #require(next.headers[.location]), cookie: bob)
            #expect(page.text.contains("Decision on item 2 recorded."))
        }
        let item = try #require(try await fixture.store.item(id: 2))
        #expect(item.status == .overturned)
        #expect(item.decisions.map(\.annotator) == ["bob"])
        #expect(item.decisions.first?.category == "gaming")
        #expect(item.decisions.first?.note == "fiction <i>writing</i>")
    }

    @Test("an open item is leased: a second annotator sees it locked, cannot decide it, and is given another")
    func leases() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let alice = try await client.login(fixture.aliceToken)
            let bob = try await client.login(fixture.bobToken)
            let alicePage = try await client.get("/items/1", cookie: alice)
            #expect(alicePage.status == .ok)
            #expect(!alicePage.text.contains("lease-notice"))

            let bobPage = try await client.get("/items/1", cookie: bob)
            #expect(bobPage.text.contains("id=\"lease-notice\""))
            #expect(bobPage.text.contains("alice is reviewing this item"))
            #expect(bobPage.text.contains("id=\"decide-c\" class=\"confirm\" disabled"))

            let csrf = try await client.csrf(cookie: bob)
            let refused = try await client.postForm(
                "/items/1/decision",
                [("decision", "confirm"), ("csrf", csrf)],
                cookie: bob
            )
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("alice"))

            let next = try await client.get("/next", cookie: bob)
            #expect(next.headers[.location]?.hasPrefix("/items/2?") == true)

            fixture.clock.advance(by: 301)
            let later = try await client.get("/items/1", cookie: bob)
            #expect(!later.text.contains("lease-notice"))
        }
        #expect(try await fixture.store.item(id: 1)?.decisions.isEmpty == true)
    }

    @Test("when nothing is left, 'next' goes back to the queue with a message")
    func queueEmpty() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        for id in Int64(1)...4 {
            _ = try await fixture.store.decide(itemID: id, annotator: "alice", kind: .confirm)
        }
        try await fixture.application.test(.router) { client in
            let alice = try await client.login(fixture.aliceToken)
            let next = try await client.get("/next?status=pending", cookie: alice)
            #expect(next.headers[.location] == "/queue?status=pending&done=1")
            let queue = try await client.get(try #require(next.headers[.location]), cookie: alice)
            #expect(queue.text.contains("Nothing left to review"))
        }
    }

    @Test("the queue filters by query parameters and the item page shows findings, spans and shortcuts")
    func queueAndItem() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let alice = try await client.login(fixture.aliceToken)
            let audit = try await client.get("/queue?status=all&queue=audit", cookie: alice).text
            #expect(audit.contains("href=\"/items/4?status=all&amp;queue=audit\""))
            #expect(!audit.contains("href=\"/items/1?"))
            let byRule = try await client.get("/queue?rule=violence.weapons.build-explosive", cookie: alice).text
            #expect(byRule.contains("3 matching item(s)"))

            let item = try await client.get("/items/1", cookie: alice).text
            #expect(item.contains("Please <mark title=\"violence.weapons.build-explosive\">build</mark> a pipe bomb"))
            #expect(item.contains("violence.weapons.build-explosive"))
            #expect(item.contains("Check for &lt;b&gt;fiction&lt;/b&gt;"))
            #expect(item.contains("id=\"nav-next\" href=\"/items/2?status=pending\""))
            #expect(item.contains("name=\"decision\" value=\"overturn\" id=\"decide-o\""))
            #expect(item.contains("<script src=\"/static/review.js\" defer></script>"))
            #expect(item.contains("data-page=\"item\""))
        }
    }
}
