import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import ReviewStore
import Testing

@testable import ReviewWeb

/// Every way of recording a decision (the item form and the JSON API; confirm, overturn, escalate) over a
/// live server, with each kind of missing or wrong credential: nothing may reach the store.
@Suite("Decisions need a live session and that session's CSRF token (live server)")
struct DecisionGuardTests {
    /// How a decision reaches the server.
    enum Channel: String, CaseIterable, Sendable {
        /// `POST /items/{id}/decision`, form-encoded, token in the `csrf` field.
        case form
        /// `POST /api/items/{id}/decision`, JSON, token in `X-CSRF-Token`.
        case api
    }

    /// What the request carries instead of a signed-in session with its own token.
    enum Attempt: String, CaseIterable, Sendable {
        /// No cookie at all, but alice's (valid) CSRF token.
        case noSession
        /// A well-formed session id the server never issued, with alice's CSRF token.
        case forgedSession
        /// Alice's session after she signed out, with that session's own CSRF token.
        case loggedOutSession
        /// Alice's session, no token.
        case missingToken
        /// Alice's session, an empty token.
        case emptyToken
        /// Alice's session, 64 hex digits that are not her token.
        case wrongToken
        /// Alice's session, her token without its last digit.
        case truncatedToken
        /// Alice's session, her token with one more digit.
        case extendedToken
        /// Alice's session, bob's CSRF token (another annotator's session).
        case otherAnnotatorsToken
        /// Alice's session, the token of alice's other session (tokens belong to a session, not a person).
        case sameAnnotatorOtherSession
        /// Alice's session, her token only in the query string.
        case tokenInQuery
        /// Alice's session and token, sent from another site (`Origin: https://evil.example`).
        case crossOrigin

        /// The status the server must answer with.
        var expectedStatus: HTTPResponse.Status {
            switch self {
            case .noSession, .forgedSession, .loggedOutSession: .unauthorized
            default: .forbidden
            }
        }
    }

    /// The sessions one test works with.
    struct Sessions {
        var alice: String
        var aliceCSRF: String
        var aliceOther: String
        var aliceOtherCSRF: String
        var bobCSRF: String
        var loggedOut: String
        var loggedOutCSRF: String
    }

    @Test(
        "a decision without a valid session and its own CSRF token is refused and nothing is stored",
        arguments: Channel.allCases,
        Attempt.allCases
    )
    func refused(channel: Channel, attempt: Attempt) async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.live) { client in
            let sessions = try await Self.sessions(client, fixture)
            for (id, kind) in zip(Int64(1)...3, DecisionKind.allCases) {
                let (cookie, token, query, origin) = Self.credentials(attempt, sessions)
                let response = try await Self.decide(
                    client,
                    channel: channel,
                    id: id,
                    kind: kind,
                    cookie: cookie,
                    token: token,
                    query: query,
                    origin: origin
                )
                #expect(response.status == attempt.expectedStatus, "\(channel) \(kind) with \(attempt)")
                #expect(response.headers[.setCookie] == nil)
                #expect(try await fixture.store.item(id: id)?.decisions.isEmpty == true)
            }
        }
        for id in Int64(1)...4 {
            #expect(try await fixture.store.item(id: id)?.status == .pending)
        }
    }

    @Test("with the session's own token each decision is recorded (the refusals above are not a broken harness)")
    func accepted() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.live) { client in
            let sessions = try await Self.sessions(client, fixture)
            for (id, kind) in zip(Int64(1)...3, DecisionKind.allCases) {
                // Both channels on the same item: decisions are appended, so the store shows two.
                for channel in Channel.allCases {
                    let response = try await Self.decide(
                        client,
                        channel: channel,
                        id: id,
                        kind: kind,
                        cookie: sessions.alice,
                        token: sessions.aliceCSRF,
                        query: nil,
                        origin: nil
                    )
                    #expect(response.status == (channel == .form ? .seeOther : .ok), "\(channel) \(kind)")
                }
            }
        }
        let expected: [ItemStatus] = [.confirmed, .overturned, .escalated]
        for (id, status) in zip(Int64(1)...3, expected) {
            let item = try #require(try await fixture.store.item(id: id))
            #expect(item.status == status)
            #expect(item.decisions.map(\.annotator) == ["alice", "alice"])
        }
    }

    static func sessions(_ client: some TestClientProtocol, _ fixture: WebFixture) async throws -> Sessions {
        let alice = try await client.login(fixture.aliceToken)
        let aliceOther = try await client.login(fixture.aliceToken)
        let bob = try await client.login(fixture.bobToken)
        let loggedOut = try await client.login(fixture.aliceToken)
        let loggedOutCSRF = try await client.csrf(cookie: loggedOut)
        let logout = try await client.postForm("/logout", [("csrf", loggedOutCSRF)], cookie: loggedOut)
        guard logout.status == .seeOther else {
            throw ReviewWebError(.internalServerError, "logout failed with \(logout.status)")
        }
        return Sessions(
            alice: alice,
            aliceCSRF: try await client.csrf(cookie: alice),
            aliceOther: aliceOther,
            aliceOtherCSRF: try await client.csrf(cookie: aliceOther),
            bobCSRF: try await client.csrf(cookie: bob),
            loggedOut: loggedOut,
            loggedOutCSRF: loggedOutCSRF
        )
    }

    /// Cookie, CSRF token, extra query string and Origin for an attempt.
    static func credentials(
        _ attempt: Attempt,
        _ s: Sessions
    ) -> (cookie: String?, token: String?, query: String?, origin: String?) {
        let forged = "\(ReviewSite.sessionCookie)=\(String(repeating: "c", count: 64))"
        let wrong = s.aliceCSRF.first == "0" ? String(repeating: "1", count: 64) : String(repeating: "0", count: 64)
        return switch attempt {
        case .noSession: (nil, s.aliceCSRF, nil, nil)
        case .forgedSession: (forged, s.aliceCSRF, nil, nil)
        case .loggedOutSession: (s.loggedOut, s.loggedOutCSRF, nil, nil)
        case .missingToken: (s.alice, nil, nil, nil)
        case .emptyToken: (s.alice, "", nil, nil)
        case .wrongToken: (s.alice, wrong, nil, nil)
        case .truncatedToken: (s.alice, String(s.aliceCSRF.dropLast()), nil, nil)
        case .extendedToken: (s.alice, s.aliceCSRF + "0", nil, nil)
        case .otherAnnotatorsToken: (s.alice, s.bobCSRF, nil, nil)
        case .sameAnnotatorOtherSession: (s.alice, s.aliceOtherCSRF, nil, nil)
        case .tokenInQuery: (s.alice, nil, "csrf=\(s.aliceCSRF)", nil)
        case .crossOrigin: (s.alice, s.aliceCSRF, nil, "https://evil.example")
        }
    }

    static func decide(
        _ client: some TestClientProtocol,
        channel: Channel,
        id: Int64,
        kind: DecisionKind,
        cookie: String?,
        token: String?,
        query: String?,
        origin: String?
    ) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = cookie }
        if let origin { headers[Reply.header("Origin")] = origin }
        let suffix = query.map { "?\($0)" } ?? ""
        switch channel {
        case .form:
            var fields = [("decision", kind.rawValue), ("note", "guard test")]
            if let token { fields.append(("csrf", token)) }
            return try await client.postForm("/items/\(id)/decision\(suffix)", fields, headers: headers)
        case .api:
            headers[.contentType] = "application/json"
            if let token { headers[Reply.header("X-CSRF-Token")] = token }
            return try await client.execute(
                uri: "/api/items/\(id)/decision\(suffix)",
                method: .post,
                headers: headers,
                body: ByteBuffer(string: #"{"decision":"\#(kind.rawValue)","note":"guard test"}"#)
            )
        }
    }
}
