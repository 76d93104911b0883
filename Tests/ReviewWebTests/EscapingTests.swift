import Foundation
import Hummingbird
import HummingbirdTesting
import ReviewStore
import Testing

@testable import ReviewWeb

@Suite("Hostile text is escaped")
struct EscapingTests {
    @Test(
        "HTML.escape neutralises markup, attribute breakouts and NUL",
        arguments: [
            ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            (#""><img src=x onerror=alert(1)>"#, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
            ("' onmouseover='alert(1)", "&#39; onmouseover=&#39;alert(1)"),
            ("&lt;already&gt;", "&amp;lt;already&amp;gt;"),
            ("a\u{0}b", "a\u{FFFD}b"),
            ("</textarea><svg onload=alert(1)>", "&lt;/textarea&gt;&lt;svg onload=alert(1)&gt;"),
            ("plain text, ünïcödé 👋", "plain text, ünïcödé 👋"),
        ]
    )
    func escape(input: String, expected: String) {
        #expect(HTML.escape(input) == expected)
        let fragment: HTML = "<td title=\"\(input)\">\(input)</td>"
        #expect(fragment.raw == "<td title=\"\(expected)\">\(expected)</td>")
    }

    @Test("spans are code points: marks land right after emoji and combining marks, hostile text stays text")
    func highlighter() {
        let text = "👋 e\u{301} <b>bomb</b>"
        let html = SpanHighlighter.render(
            text,
            spans: [
                .init(start: 8, end: 12, rule: "r1"),
                .init(start: 10, end: 16, rule: "r\"2"),
                .init(start: 40, end: 50, rule: "out-of-range"),
                .init(start: 5, end: 2, rule: "backwards"),
            ]
        )
        #expect(html.raw == "👋 e\u{301} &lt;b&gt;<mark title=\"r1, r&quot;2\">bomb&lt;/b&gt;</mark>")
        #expect(
            SpanHighlighter.render("abc", spans: [.init(start: 1, end: 99, rule: "r")]).raw
                == "a<mark title=\"r\">bc</mark>"
        )
    }

    @Test("an item whose response holds <script> and an attribute breakout renders them as text")
    func itemPage() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let cookie = try await client.login(fixture.aliceToken)
            let page = try await client.get("/items/3", cookie: cookie).text
            #expect(!page.contains(Hostile.script))
            #expect(!page.contains("<script>alert"))
            #expect(!page.contains("<img src=x"))
            #expect(!page.contains("\"><img"))
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
            #expect(page.contains("violence.&lt;script&gt;alert(2)&lt;/script&gt;"))
            #expect(page.contains("<mark title=\"violence.&lt;script&gt;alert(2)&lt;/script&gt;\">&lt;script&gt;"))
            #expect(Self.scriptTags(in: page) == ["<script src=\"/static/review.js\" defer>"])
            #expect(!page.contains(" style="))
        }
    }

    @Test("hostile filter values echoed into the queue and the rule ids on the dashboard are escaped")
    func queueAndDashboard() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        _ = try await fixture.store.decide(itemID: 3, annotator: "bob", kind: .overturn, note: Hostile.script)
        try await fixture.application.test(.router) { client in
            let cookie = try await client.login(fixture.aliceToken)
            let queue = try await client.get(
                "/queue?status=all&category=%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
                cookie: cookie
            ).text
            #expect(!queue.contains("<script>alert"))
            #expect(queue.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""))

            let all = try await client.get("/queue?status=all", cookie: cookie).text
            #expect(!all.contains("\"><img"))
            #expect(all.contains("Ignore this &quot;&gt;&lt;img"))

            let dashboard = try await client.get("/dashboard", cookie: cookie).text
            #expect(!dashboard.contains("<script>alert"))
            #expect(dashboard.contains("violence.&lt;script&gt;alert(2)&lt;/script&gt;"))
            #expect(Self.scriptTags(in: dashboard).count == 1)

            let history = try await client.get("/items/3", cookie: cookie).text
            #expect(history.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"))
        }
    }

    /// Every `<script …>` opening tag in a page.
    static func scriptTags(in page: String) -> [String] {
        var tags: [String] = []
        var rest = page[...]
        while let start = rest.range(of: "<script", options: .caseInsensitive) {
            let end = rest[start.lowerBound...].firstIndex(of: ">") ?? rest.endIndex
            tags.append(String(rest[start.lowerBound...end]))
            rest = rest[end...].dropFirst()
        }
        return tags
    }
}
