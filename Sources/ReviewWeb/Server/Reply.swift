import Foundation
import Hummingbird

/// Builds the responses the review routes send: pages, redirects, JSON and plain text.
enum Reply {
    /// A header name known to be valid.
    static func header(_ name: String) -> HTTPFields.Element.Name {
        guard let field = HTTPFields.Element.Name(name) else {
            preconditionFailure("invalid header name \(name)")
        }
        return field
    }

    static func html(_ page: HTML, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: page.raw)))
    }

    static func text(
        _ text: String,
        status: HTTPResponse.Status,
        contentType: String = "text/plain; charset=utf-8"
    ) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// A 303 See Other, so the browser follows with GET (post/redirect/get).
    static func redirect(_ location: String, cookies: [Cookie] = []) -> Response {
        var response = Response(status: .seeOther)
        response.headers[.location] = location
        for cookie in cookies {
            response.setCookie(cookie)
        }
        return response
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        let data = try encoder.encode(value)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `{"error": message}` with the error's status.
    static func jsonError(_ error: ReviewWebError) -> Response {
        (try? json(["error": error.message], status: error.status))
            ?? text(error.message, status: error.status)
    }
}
