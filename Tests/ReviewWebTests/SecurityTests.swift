import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import ReviewStore
import Testing

@testable import ReviewWeb

@Suite("Security headers and static files")
struct SecurityTests {
    /// One request whose response must carry the security headers, with the status it should get.
    struct Probe: Sendable, CustomTestStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        var signedIn: Bool
        var body: String?
        var status: HTTPResponse.Status

        var testDescription: String { "\(method) \(path)\(signedIn ? " (signed in)" : "") → \(status.code)" }
    }

    static let probes: [Probe] = [
        Probe(method: .get, path: "/login", signedIn: false, status: .ok),
        Probe(method: .get, path: "/queue", signedIn: true, status: .ok),
        Probe(method: .get, path: "/queue", signedIn: false, status: .seeOther),
        Probe(method: .get, path: "/items/1", signedIn: true, status: .ok),
        Probe(method: .get, path: "/items/999", signedIn: true, status: .notFound),
        Probe(method: .get, path: "/dashboard", signedIn: true, status: .ok),
        Probe(method: .get, path: "/static/review.js", signedIn: false, status: .ok),
        Probe(method: .get, path: "/static/review.css", signedIn: false, status: .ok),
        Probe(method: .get, path: "/static/nope", signedIn: false, status: .notFound),
        Probe(method: .get, path: "/static/a/b", signedIn: false, status: .notFound),
        Probe(method: .get, path: "/nope", signedIn: false, status: .notFound),
        Probe(method: .get, path: "/api/nope", signedIn: true, status: .notFound),
        Probe(method: .delete, path: "/items/1/decision", signedIn: true, status: .notFound),
        Probe(method: .get, path: "/api/queue", signedIn: true, status: .ok),
        Probe(method: .get, path: "/api/queue", signedIn: false, status: .unauthorized),
        Probe(method: .post, path: "/login", signedIn: false, body: "token=wrong", status: .unauthorized),
        Probe(
            method: .post,
            path: "/items/1/decision",
            signedIn: false,
            body: "decision=confirm",
            status: .unauthorized
        ),
        Probe(method: .post, path: "/items/1/decision", signedIn: true, body: "decision=confirm", status: .forbidden),
        Probe(method: .post, path: "/api/items/1/decision", signedIn: true, body: "{}", status: .forbidden),
        Probe(method: .post, path: "/logout", signedIn: true, body: "", status: .forbidden),
        Probe(
            method: .post,
            path: "/login",
            signedIn: false,
            body: "token=" + String(repeating: "x", count: 70_000),
            status: .contentTooLarge
        ),
    ]

    @Test(
        "every response carries CSP without inline script, nosniff, no framing and a referrer policy",
        arguments: probes
    )
    func headers(probe: Probe) async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.live) { client in
            var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            if probe.signedIn {
                headers[.cookie] = try await client.login(fixture.aliceToken)
            }
            let response = try await client.execute(
                uri: probe.path,
                method: probe.method,
                headers: headers,
                body: probe.body.map { ByteBuffer(string: $0) }
            )
            #expect(response.status == probe.status)
            Self.expectSecurityHeaders(response.headers)
        }
    }

    @Test("the 429 of the sign-in rate limit carries the security headers too")
    func rateLimitedHeaders() async throws {
        let fixture = try await WebFixture(loginFailures: 1)
        defer { fixture.remove() }
        try await fixture.application.test(.live) { client in
            #expect(try await client.postForm("/login", [("token", "guess")]).status == .unauthorized)
            let blocked = try await client.postForm("/login", [("token", "guess")])
            #expect(blocked.status == .tooManyRequests)
            Self.expectSecurityHeaders(blocked.headers)
        }
    }

    static func expectSecurityHeaders(_ headers: HTTPFields) {
        let csp = headers[Reply.header("Content-Security-Policy")] ?? ""
        let directives = Dictionary(
            csp.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.map { directive in
                let parts = directive.split(separator: " ", maxSplits: 1)
                return (String(parts.first ?? ""), parts.count > 1 ? String(parts[1]) : "")
            },
            uniquingKeysWith: { first, _ in first }
        )
        #expect(directives["default-src"] == "'none'")
        #expect(directives["script-src"] == "'self'")
        #expect(directives["frame-ancestors"] == "'none'")
        #expect(directives["base-uri"] == "'none'")
        #expect(!csp.contains("unsafe-inline"))
        #expect(!csp.contains("unsafe-eval"))
        #expect(!csp.contains("*"))
        #expect(headers[Reply.header("X-Content-Type-Options")] == "nosniff")
        #expect(headers[Reply.header("X-Frame-Options")] == "DENY")
        #expect(headers[Reply.header("Referrer-Policy")] == "same-origin")
    }

    @Test(
        "session cookies are HttpOnly, SameSite=Strict and Path=/, and Secure exactly when configured",
        arguments: [false, true]
    )
    func cookieFlags(secure: Bool) async throws {
        let fixture = try await WebFixture(secureCookies: secure)
        defer { fixture.remove() }
        try await fixture.application.test(.live) { client in
            let login = try await client.postForm("/login", [("token", fixture.aliceToken)])
            let cookie = try #require(login.headers[.setCookie])
            let logout = try await client.postForm(
                "/logout",
                [("csrf", try await client.csrf(cookie: String(cookie.split(separator: ";")[0])))],
                cookie: String(cookie.split(separator: ";")[0])
            )
            let cleared = try #require(logout.headers[.setCookie])
            for setCookie in [cookie, cleared] {
                let attributes = Set(
                    setCookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
                )
                #expect(attributes.contains("HttpOnly"))
                #expect(attributes.contains("SameSite=Strict"))
                #expect(attributes.contains("Path=/"))
                #expect(attributes.contains("Secure") == secure)
            }
        }
    }

    @Test("no page has inline script, event-handler attributes, javascript: URLs or inline styles")
    func noInlineScript() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.live) { client in
            let login = try await client.get("/login")
            let cookie = try await client.login(fixture.aliceToken)
            var pages = [("/login", login.text)]
            for path in ["/queue?status=all", "/items/3", "/items/1", "/dashboard", "/items/999"] {
                pages.append((path, try await client.get(path, cookie: cookie).text))
            }
            let external = #"<script src="/static/review.js" defer></script>"#
            for (path, html) in pages {
                #expect(html.contains(external), "\(path) loads the external script")
                #expect(
                    html.components(separatedBy: "<script").count == html.components(separatedBy: external).count,
                    "\(path) has a <script> other than the external one"
                )
                #expect(!html.lowercased().contains("javascript:"), "\(path)")
                #expect(!html.contains("<style"), "\(path)")
                for tag in Self.tags(in: html) {
                    let unquoted = tag.replacingOccurrences(of: #""[^"]*""#, with: "", options: .regularExpression)
                    #expect(
                        unquoted.range(of: #"\s(on[a-z]+|style)\s*="#, options: [.regularExpression, .caseInsensitive])
                            == nil,
                        "\(path): \(tag)"
                    )
                }
            }
        }
    }

    /// The start tags of `html` (escaped text holds no `<`, so this finds only real markup).
    static func tags(in html: String) -> [String] {
        var tags: [String] = []
        var rest = html[...]
        while let range = rest.range(of: #"<[a-zA-Z][^>]*>"#, options: .regularExpression) {
            tags.append(String(rest[range]))
            rest = rest[range.upperBound...]
        }
        return tags
    }

    @Test("the script and stylesheet are served with their types")
    func assets() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let script = try await client.get("/static/review.js")
            #expect(script.status == .ok)
            #expect(script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(script.text.contains("nav-next"))
            let style = try await client.get("/static/review.css")
            #expect(style.headers[.contentType] == "text/css; charset=utf-8")
            #expect(style.text.contains("mark"))
        }
    }

    @Test(
        "static paths never reach the file system",
        arguments: [
            "/static/../Package.swift", "/static/..%2fPackage.swift", "/static/%2e%2e/%2e%2e/etc/passwd",
            "/static/..%2F..%2Fetc%2Fpasswd", "/static/review.js%00.png", "/static/", "/static/REVIEW.JS",
            "/static//etc/passwd", "/static/review.js/..",
        ]
    )
    func traversal(path: String) async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let response = try await client.get(path)
            #expect(response.status == .notFound || response.status == .seeOther)
            Self.expectSecurityHeaders(response.headers)
            #expect(!response.text.contains("PackageDescription"))
            #expect(!response.text.contains("root:"))
        }
    }

    @Test("listen addresses parse, and malformed ones say what is expected")
    func listen() throws {
        #expect(try ReviewServer.parseListen("127.0.0.1:8088") == ("127.0.0.1", 8088))
        #expect(try ReviewServer.parseListen("[::1]:9000") == ("::1", 9000))
        #expect(try ReviewServer.parseListen(":0") == ("127.0.0.1", 0))
        for bad in ["8088", "host:", "host:99999", "::1:80", "host:port"] {
            let error = #expect(throws: ReviewWebError.self) { try ReviewServer.parseListen(bad) }
            #expect(error?.message.contains("HOST:PORT") == true)
        }
    }
}
