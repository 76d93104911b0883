import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ReviewWeb

/// Static routes over a real socket with raw request lines, so no client library normalises the path first.
@Suite("No directory traversal through the static routes (live server, raw request lines)")
struct TraversalTests {
    /// Request targets that try to leave the static table: plain and encoded `..`, double encoding,
    /// backslashes, absolute paths, NUL bytes, overlong UTF-8 and the absolute form of the request target.
    /// `{db}` is replaced by the review database's absolute path, `{db%}` by the same, percent-encoded.
    static let targets = [
        "/static/../Package.swift",
        "/static/../../../../../../../../etc/passwd",
        "/../../../../../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/static/%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/static/.%2e/.%2e/.%2e/.%2e/.%2e/.%2e/etc/passwd",
        "/static/%252e%252e%252f%252e%252e%252f%252e%252e%252fetc%252fpasswd",
        "/static/..%255c..%255c..%255cetc%255cpasswd",
        "/static/..%5c..%5c..%5c..%5c..%5c..%5cetc%5cpasswd",
        #"/static/..\..\..\..\..\..\etc\passwd"#,
        "/static/..%c0%af..%c0%af..%c0%afetc%c0%afpasswd",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
        "//etc/passwd",
        "/etc/passwd",
        "http://127.0.0.1/etc/passwd",
        "/static/review.js%00/../../../../../../etc/passwd",
        "/static/review.js%00.png",
        "/static/../review.sqlite",
        "/static/%2e%2e%2freview.sqlite",
        "/static/{db%}",
        "{db}",
        "/static/..%2f..%2f{db%}",
    ]

    @Test("a traversal attempt gets 404 (or 400) with security headers and never a file's content", arguments: targets)
    func rawTarget(template: String) async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let db = fixture.directory.appendingPathComponent("review.sqlite").path
        let target = template.replacingOccurrences(of: "{db%}", with: FormFields.encode(db))
            .replacingOccurrences(of: "{db}", with: db)
        try await fixture.application.test(.live) { client in
            let port = try #require(client.port)
            let response = try RawHTTP.get(port: port, target: target)
            #expect([400, 404].contains(response.status), "\(target) answered \(response.status)")
            Self.expectNoLeak(response, target: target)
            if response.status == 404 {
                #expect(response.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
                #expect(response.header("X-Content-Type-Options") == "nosniff")
                #expect(response.header("X-Frame-Options") == "DENY")
            }
        }
    }

    @Test("a NUL byte sent raw in the path is refused without reading anything")
    func rawNul() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.live) { client in
            let port = try #require(client.port)
            for target in ["/static/review.js\u{0}/../../../../etc/passwd", "/static/\u{0}../../../../etc/passwd"] {
                let response = try RawHTTP.get(port: port, target: target)
                #expect([400, 404].contains(response.status), "\(target.debugDescription) answered \(response.status)")
                Self.expectNoLeak(response, target: target)
            }
        }
    }

    @Test("the same socket helper does read the real static files (the checks above can fail)")
    func control() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.live) { client in
            let port = try #require(client.port)
            let script = try RawHTTP.get(port: port, target: "/static/review.js")
            #expect(script.status == 200)
            #expect(script.body.contains("nav-next"))
            #expect(script.header("Content-Type") == "text/javascript; charset=utf-8")
            #expect(script.header("X-Content-Type-Options") == "nosniff")
            let style = try RawHTTP.get(port: port, target: "/static/review.css")
            #expect(style.status == 200)
            #expect(style.header("Content-Security-Policy") != nil)
        }
    }

    static func expectNoLeak(_ response: RawHTTP.Response, target: String) {
        #expect(!response.body.contains("root:x:0:0"), "\(target) leaked /etc/passwd")
        #expect(!response.body.contains("SQLite format 3"), "\(target) leaked the review database")
        #expect(!response.body.contains("PackageDescription"), "\(target) leaked a source file")
    }
}
