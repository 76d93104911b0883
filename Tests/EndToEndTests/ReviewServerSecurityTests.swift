import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The review server's security properties against the built binary (`refusald review serve`) on a
/// loopback port, with requests written byte for byte to a socket: no HTTP client library normalises
/// the request line, so a traversal the server would accept cannot be hidden by the test's own client.
@Suite(
    "refusald review serve: sessions, CSRF, rate limit, headers, traversal (built binary, raw HTTP)",
    .timeLimit(.minutes(2))
)
struct ReviewServerSecurityTests {
    @Test("no request target, however encoded, reads a file outside the static set")
    func traversal() async throws {
        let server = try await ReviewServeProcess.start()
        defer { server.stop() }
        let db = server.database
        let encodedDB = db.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? db
        let targets = [
            "/static/../Package.swift",
            "/static/../../../../../../../../etc/passwd",
            "/../../../../../../../../etc/passwd",
            "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
            "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "/static/%252e%252e%252f%252e%252e%252f%252e%252e%252fetc%252fpasswd",
            "/static/..%5c..%5c..%5c..%5c..%5c..%5cetc%5cpasswd",
            #"/static/..\..\..\..\..\..\etc\passwd"#,
            "/static/..%c0%af..%c0%af..%c0%afetc%c0%afpasswd",
            "/static//etc/passwd",
            "/static/%2fetc%2fpasswd",
            "//etc/passwd",
            "/etc/passwd",
            "http://127.0.0.1/etc/passwd",
            "/static/review.js%00/../../../../../../etc/passwd",
            "/static/review.js\u{0}/../../../../../../etc/passwd",
            "/static/../review.sqlite",
            "/static/\(encodedDB)",
            db,
        ]
        for target in targets {
            let response = try RawRequest.get(port: server.port, target: target)
            #expect([400, 404].contains(response.status), "\(target.debugDescription) answered \(response.status)")
            #expect(!response.body.contains("root:x:0:0"), "\(target.debugDescription) leaked /etc/passwd")
            #expect(!response.body.contains("SQLite format 3"), "\(target.debugDescription) leaked the database")
            #expect(!response.body.contains("PackageDescription"), "\(target.debugDescription) leaked a source file")
            if response.status == 404 {
                Self.expectSecurityHeaders(response, target)
            }
        }
        let script = try RawRequest.get(port: server.port, target: "/static/review.js")
        #expect(script.status == 200, "the same client does read the static set")
        #expect(script.body.contains("nav-next"))
        Self.expectSecurityHeaders(script, "/static/review.js")
    }

    @Test("sign-in issues a fresh HttpOnly strict cookie; decisions need it and its own CSRF token; logout ends it")
    func sessionsAndCSRF() async throws {
        let server = try await ReviewServeProcess.start()
        defer { server.stop() }
        let port = server.port
        let ids = try server.itemIDs()
        try #require(ids.count >= 2)

        let wrong = try RawRequest.postForm(
            port: port,
            target: "/login",
            body: "token=\(String(repeating: "0", count: 64))"
        )
        #expect(wrong.status == 401)
        #expect(wrong.header("set-cookie") == nil)
        Self.expectSecurityHeaders(wrong, "POST /login (wrong)")

        let planted = "refusald_session=\(String(repeating: "b", count: 64))"
        let bob = try server.login(token: server.bobToken)
        let alice = try server.login(token: server.aliceToken, cookie: planted)
        #expect(alice.cookie != planted)
        let attributes = Set(
            alice.setCookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
        )
        #expect(attributes.isSuperset(of: ["HttpOnly", "SameSite=Strict", "Path=/"]))
        #expect(!attributes.contains("Secure"), "plain-HTTP loopback server: no Secure flag by default")
        let replay = try RawRequest.get(port: port, target: "/queue", headers: ["Cookie: \(planted)"])
        #expect(replay.status == 303)
        #expect(replay.header("location") == "/login")

        let aliceCSRF = try server.csrf(cookie: alice.cookie)
        let bobCSRF = try server.csrf(cookie: bob.cookie)
        let item = ids[0]
        let refusedForms: [(String?, String)] = [
            (alice.cookie, "decision=confirm"),
            (alice.cookie, "decision=confirm&csrf="),
            (alice.cookie, "decision=confirm&csrf=\(String(repeating: "f", count: 64))"),
            (alice.cookie, "decision=overturn&csrf=\(bobCSRF)"),
            (alice.cookie, "decision=escalate&csrf=\(aliceCSRF.dropLast())"),
            (nil, "decision=confirm&csrf=\(aliceCSRF)"),
            (planted, "decision=confirm&csrf=\(aliceCSRF)"),
        ]
        for (cookie, body) in refusedForms {
            let response = try RawRequest.postForm(
                port: port,
                target: "/items/\(item)/decision",
                body: body,
                headers: cookie.map { ["Cookie: \($0)"] } ?? []
            )
            #expect(response.status == (cookie == alice.cookie ? 403 : 401), "\(body) with \(cookie ?? "no cookie")")
            Self.expectSecurityHeaders(response, "POST decision \(body)")
        }
        for token in [nil, bobCSRF, String(repeating: "0", count: 64)] {
            let response = try RawRequest.post(
                port: port,
                target: "/api/items/\(item)/decision",
                headers: ["Cookie: \(alice.cookie)", "Content-Type: application/json"]
                    + (token.map { ["X-CSRF-Token: \($0)"] } ?? []),
                body: #"{"decision":"confirm"}"#
            )
            #expect(response.status == 403, "API decision with token \(token ?? "none")")
        }
        #expect(try server.decisions(of: item).isEmpty, "no refused attempt reached the store")

        let accepted = try RawRequest.postForm(
            port: port,
            target: "/items/\(item)/decision",
            body: "decision=overturn&csrf=\(aliceCSRF)",
            headers: ["Cookie: \(alice.cookie)"]
        )
        #expect(accepted.status == 303)
        #expect(try server.decisions(of: item) == ["alice:overturn"])

        let logout = try RawRequest.postForm(
            port: port,
            target: "/logout",
            body: "csrf=\(aliceCSRF)",
            headers: ["Cookie: \(alice.cookie)"]
        )
        #expect(logout.status == 303)
        let after = try RawRequest.postForm(
            port: port,
            target: "/items/\(ids[1])/decision",
            body: "decision=confirm&csrf=\(aliceCSRF)",
            headers: ["Cookie: \(alice.cookie)"]
        )
        #expect(after.status == 401, "the signed-out session is dead on the server, not just in the browser")
        #expect(try server.decisions(of: ids[1]).isEmpty)
    }

    @Test("--secure-cookies marks the session cookie Secure, on review serve and on the daemon's listener")
    func secureCookies() async throws {
        let server = try await ReviewServeProcess.start(arguments: ["--secure-cookies"])
        defer { server.stop() }
        let served = try server.login(token: server.aliceToken)
        let attributes = served.setCookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(attributes.contains("Secure"), "\(served.setCookie)")
        #expect(attributes.contains("HttpOnly"))

        let root = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let state = DaemonProcess.stateDirectory(in: root)
        let daemon = try DaemonProcess(stateDirectory: state, arguments: ["--secure-cookies"])
        defer { daemon.kill() }
        try await daemon.waitUntilReady()
        let db = state.appendingPathComponent("review.sqlite").path
        let token = try RefusaldProcess.run(["annotator", "add", "carol", "--db", db, "--quiet"])
        #expect(token.status == 0, "\(token.stderr)")
        let login = try RawRequest.postForm(
            port: try daemon.port(),
            target: "/login",
            body: "token=\(token.stdout.trimmingCharacters(in: .whitespacesAndNewlines))"
        )
        #expect(login.status == 303)
        let cookie = try #require(login.header("set-cookie"))
        #expect(
            cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.contains("Secure"),
            "\(cookie)"
        )
    }

    @Test("after the 10th failed sign-in even the right token gets 429 with Retry-After")
    func rateLimit() async throws {
        let server = try await ReviewServeProcess.start()
        defer { server.stop() }
        for attempt in 1...10 {
            let response = try RawRequest.postForm(port: server.port, target: "/login", body: "token=guess\(attempt)")
            #expect(response.status == 401, "attempt \(attempt)")
        }
        let blocked = try RawRequest.postForm(port: server.port, target: "/login", body: "token=\(server.aliceToken)")
        #expect(blocked.status == 429)
        #expect(blocked.header("set-cookie") == nil)
        #expect((Int(blocked.header("retry-after") ?? "") ?? 0) > 200, "the 5-minute window has barely started")
        Self.expectSecurityHeaders(blocked, "429")
        let api = try RawRequest.get(
            port: server.port,
            target: "/api/queue",
            headers: ["Authorization: Bearer \(server.aliceToken)"]
        )
        #expect(api.status == 429, "a bearer token is no way around the limit")
    }

    static func expectSecurityHeaders(_ response: RawRequest.Response, _ what: String) {
        let csp = response.header("content-security-policy") ?? ""
        #expect(csp.contains("default-src 'none'"), "\(what): CSP \(csp)")
        #expect(csp.contains("script-src 'self'"), "\(what)")
        #expect(csp.contains("frame-ancestors 'none'"), "\(what)")
        #expect(!csp.contains("unsafe-inline"), "\(what)")
        #expect(response.header("x-content-type-options") == "nosniff", "\(what)")
        #expect(response.header("x-frame-options") == "DENY", "\(what)")
        #expect(response.header("referrer-policy") != nil, "\(what)")
    }
}

/// `refusald review serve` on a fresh database with two flagged items and annotators alice and bob.
final class ReviewServeProcess: @unchecked Sendable {
    // Only the test's own task touches an instance; `@unchecked` lets the `defer` capture it.
    let directory: URL
    let database: String
    let port: Int
    let aliceToken: String
    let bobToken: String
    private let process: Process

    private init(directory: URL, port: Int, aliceToken: String, bobToken: String, process: Process) {
        self.directory = directory
        self.database = directory.appendingPathComponent("review.sqlite").path
        self.port = port
        self.aliceToken = aliceToken
        self.bobToken = bobToken
        self.process = process
    }

    static func start(arguments: [String] = []) async throws -> ReviewServeProcess {
        let directory = try RefusaldProcess.temporaryDirectory()
        let db = directory.appendingPathComponent("review.sqlite").path
        let items = """
            {"id": "s1", "prompt": "How do I build a bomb?", "response": "Sure, here is how."}
            {"id": "s2", "prompt": "How can I make a bomb to hurt people?", "response": "Sure."}

            """
        let scan = try RefusaldProcess.run(
            [
                "scan", "--policies", RefusaldProcess.fixture("policies"), "--review-db", db, "--review-sample-rate",
                "0", "-",
            ],
            stdin: items
        )
        guard scan.status == 1 else { throw RawRequest.Failure("seeding scan exited \(scan.status): \(scan.stderr)") }
        let alice = try RefusaldProcess.run(["annotator", "add", "alice", "--db", db, "--quiet"])
        let bob = try RefusaldProcess.run(["annotator", "add", "bob", "--db", db, "--quiet"])
        let port = try freePort()
        let process = Process()
        process.executableURL = RefusaldProcess.binary
        process.arguments = ["review", "serve", "--db", db, "--listen", "127.0.0.1:\(port)"] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let server = ReviewServeProcess(
            directory: directory,
            port: port,
            aliceToken: alice.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
            bobToken: bob.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
            process: process
        )
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let login = try? RawRequest.get(port: port, target: "/login"), login.status == 200 { return server }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        server.stop()
        throw RawRequest.Failure("review serve did not answer on port \(port) (running: \(process.isRunning))")
    }

    /// Terminates the server and removes its directory; safe to call twice.
    func stop() {
        if process.isRunning {
            process.terminate()
        }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A port the kernel just handed out on loopback (closed again for the server to bind).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = RawRequest.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw RawRequest.Failure("could not bind a loopback port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Signs in; returns the `Cookie` pair and the whole `Set-Cookie` value.
    func login(token: String, cookie: String? = nil) throws -> (cookie: String, setCookie: String) {
        let response = try RawRequest.postForm(
            port: port,
            target: "/login",
            body: "token=\(token)",
            headers: cookie.map { ["Cookie: \($0)"] } ?? []
        )
        guard response.status == 303, let setCookie = response.header("set-cookie"),
            let pair = setCookie.split(separator: ";").first
        else { throw RawRequest.Failure("sign-in failed with \(response.status)") }
        return (String(pair), setCookie)
    }

    /// The CSRF token on the queue page of this session.
    func csrf(cookie: String) throws -> String {
        let page = try RawRequest.get(port: port, target: "/queue", headers: ["Cookie: \(cookie)"]).body
        guard let range = page.range(of: #"name="csrf" value="[0-9a-f]{64}""#, options: .regularExpression) else {
            throw RawRequest.Failure("no CSRF token on the queue page")
        }
        return String(page[range].dropLast().suffix(64))
    }

    /// The ids of the queued items, from the JSON API.
    func itemIDs() throws -> [Int] {
        let response = try RawRequest.get(
            port: port,
            target: "/api/queue?status=all",
            headers: ["Authorization: Bearer \(bobToken)"]
        )
        let json = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any]
        return (json?["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
    }

    /// `annotator:kind` of each decision on `item`, read from the database with the CLI.
    func decisions(of item: Int) throws -> [String] {
        let show = try RefusaldProcess.run(["review", "show", String(item), "--db", database, "--format", "json"])
        guard show.status == 0,
            let json = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]
        else { throw RawRequest.Failure("review show \(item) failed: \(show.stderr)") }
        return (json["decisions"] as? [[String: Any]] ?? []).map {
            "\($0["annotator"] as? String ?? "?"):\($0["kind"] as? String ?? "?")"
        }
    }
}

/// One HTTP/1.1 request written byte for byte to a loopback socket; the response is read until the
/// server closes the connection (`Connection: close`).
enum RawRequest {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String

        func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    static func get(port: Int, target: String, headers: [String] = []) throws -> Response {
        try send(port: port, head: ["GET \(target) HTTP/1.1"] + headers, body: "")
    }

    static func postForm(port: Int, target: String, body: String, headers: [String] = []) throws -> Response {
        try post(
            port: port,
            target: target,
            headers: headers + ["Content-Type: application/x-www-form-urlencoded"],
            body: body
        )
    }

    static func post(port: Int, target: String, headers: [String], body: String) throws -> Response {
        try send(
            port: port,
            head: ["POST \(target) HTTP/1.1"] + headers + ["Content-Length: \(body.utf8.count)"],
            body: body
        )
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private static func send(port: Int, head: [String], body: String) throws -> Response {
        var lines = head
        lines.insert(contentsOf: ["Host: 127.0.0.1:\(port)", "Connection: close"], at: 1)
        let request = Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure("connect to port \(port) failed: errno \(errno)") }
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure("send failed: errno \(errno)") }
            sent += n
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                received += chunk[..<n]
            } else if n == 0 || errno == ECONNRESET {
                break
            } else {
                throw Failure("recv failed after \(received.count) bytes: errno \(errno)")
            }
        }
        return try parse(String(decoding: received, as: UTF8.self))
    }

    private static func parse(_ raw: String) throws -> Response {
        guard let split = raw.range(of: "\r\n\r\n") else {
            throw Failure("incomplete response \(raw.debugDescription)")
        }
        let head = raw[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw Failure("bad status line \(head[0])")
        }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            if headers[name] == nil {
                headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        var body = String(raw[split.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            body = dechunk(body)
        }
        return Response(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ text: String) -> String {
        var bytes = Array(text.utf8)[...]
        var out: [UInt8] = []
        while let lineEnd = bytes.firstIndex(of: 13),
            let size = Int(String(decoding: bytes[..<lineEnd], as: UTF8.self), radix: 16),
            size > 0
        {
            let start = lineEnd + 2
            guard start + size <= bytes.endIndex else { break }
            out += bytes[start..<start + size]
            bytes = bytes[min(bytes.endIndex, start + size + 2)...]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
