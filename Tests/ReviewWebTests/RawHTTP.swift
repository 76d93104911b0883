import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 exchange over a plain TCP socket, bytes exactly as given.
///
/// Client libraries normalise paths (`/a/../b` becomes `/b`, `%2e` may be decoded) before sending, which
/// would hide a traversal bug in the server; this sends the request line untouched and reads until the
/// server closes the connection.
enum RawHTTP {
    /// A parsed response: status code, header fields (names lowercased) and the raw body bytes.
    struct Response {
        var status: Int
        var headers: [String: [String]]
        var body: String
        var raw: String

        /// The first value of header `name` (case-insensitive).
        func header(_ name: String) -> String? { headers[name.lowercased()]?.first }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends `GET target` with `Connection: close` (and any `extraHeaders` lines) and returns the response.
    static func get(port: Int, target: String, extraHeaders: [String] = []) throws -> Response {
        let lines = ["GET \(target) HTTP/1.1", "Host: 127.0.0.1:\(port)", "Connection: close"] + extraHeaders
        return try exchange(port: port, request: Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8))
    }

    /// Sends a `POST` with a body and returns the response.
    static func post(port: Int, target: String, headers: [String], body: String) throws -> Response {
        let lines =
            ["POST \(target) HTTP/1.1", "Host: 127.0.0.1:\(port)", "Connection: close"]
            + headers + ["Content-Length: \(body.utf8.count)"]
        return try exchange(port: port, request: Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8))
    }

    /// Writes `request` to 127.0.0.1:`port` and reads until EOF (10 s receive timeout).
    static func exchange(port: Int, request: [UInt8]) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect to port \(port) failed: errno \(errno)") }
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send failed: errno \(errno)") }
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
                throw Failure(description: "recv failed after \(received.count) bytes: errno \(errno)")
            }
        }
        return try parse(String(decoding: received, as: UTF8.self))
    }

    static func parse(_ raw: String) throws -> Response {
        guard let split = raw.range(of: "\r\n\r\n") else {
            throw Failure(description: "no complete response head in \(raw.debugDescription)")
        }
        let head = raw[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else {
            throw Failure(description: "bad status line \(head[0].debugDescription)")
        }
        var headers: [String: [String]] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name, default: []].append(value)
        }
        return Response(status: status, headers: headers, body: String(raw[split.upperBound...]), raw: raw)
    }
}
