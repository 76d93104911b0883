import Foundation
import Hummingbird
import HummingbirdTesting
import ReviewStore
import Testing

@testable import ReviewWeb

@Suite("Security headers and static files")
struct SecurityTests {
    @Test(
        "every response carries CSP without inline script, nosniff and no framing",
        arguments: [
            "/login", "/queue", "/items/1", "/items/999", "/dashboard", "/static/review.js", "/static/nope",
            "/api/queue",
        ]
    )
    func headers(path: String) async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let cookie = try await client.login(fixture.aliceToken)
            let response = try await client.get(path, cookie: cookie)
            let csp = try #require(response.headers[Reply.header("Content-Security-Policy")])
            #expect(csp.contains("script-src 'self'"))
            #expect(csp.contains("frame-ancestors 'none'"))
            #expect(csp.contains("default-src 'none'"))
            #expect(!csp.contains("unsafe-inline"))
            #expect(!csp.contains("unsafe-eval"))
            #expect(response.headers[Reply.header("X-Content-Type-Options")] == "nosniff")
            #expect(response.headers[Reply.header("X-Frame-Options")] == "DENY")
        }
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
