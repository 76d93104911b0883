import Foundation
import Hummingbird
import Logging
import ReviewStore

extension ReviewSite {
    /// The live session named by the request's cookie, or nil.
    func session(_ request: Request) async throws -> AnnotatorSession? {
        guard let id = request.cookies[Self.sessionCookie]?.value, Self.isToken(id) else { return nil }
        return try await store.session(id: id)
    }

    /// Whether `value` looks like one of our 64-hex-digit secrets (cheap rejection before any lookup).
    static func isToken(_ value: String) -> Bool {
        value.utf8.count == 64 && value.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    func sessionCookie(_ session: AnnotatorSession) -> Cookie {
        Cookie(
            name: Self.sessionCookie,
            value: session.id,
            maxAge: Int(store.configuration.sessionLifetime),
            path: "/",
            secure: configuration.secureCookies,
            httpOnly: true,
            sameSite: .strict
        )
    }

    func expiredSessionCookie() -> Cookie {
        Cookie(
            name: Self.sessionCookie,
            value: "",
            maxAge: 0,
            path: "/",
            secure: configuration.secureCookies,
            httpOnly: true,
            sameSite: .strict
        )
    }

    func loginPage(_ request: Request, context: some RequestContext) async throws -> Response {
        if try await session(request) != nil {
            return Reply.redirect("/queue")
        }
        return Reply.html(LoginPage.render(error: nil))
    }

    /// Signs in with a token: rate-limited per client, and always a brand-new session (no fixation).
    func login(_ request: Request, context: some RequestContext) async throws -> Response {
        do {
            try Self.checkOrigin(request)
        } catch let error as ReviewWebError {
            return Reply.html(LoginPage.render(error: error.message), status: error.status)
        }
        let client = Self.clientKey(context)
        if let wait = await limiter.beginAttempt(client) {
            logger.warning("sign-in rate limit hit", metadata: ["client": "\(client)"])
            var response = Reply.html(
                LoginPage.render(error: "Too many failed sign-ins from your address. Wait \(Int(wait)) s and retry."),
                status: .tooManyRequests
            )
            response.headers[Reply.header("Retry-After")] = String(Int(wait.rounded(.up)))
            return response
        }
        let fields = try await formFields(request)
        let token = fields.nonEmpty("token") ?? ""
        guard let annotator = try await store.authenticate(token: token) else {
            logger.notice("sign-in refused", metadata: ["client": "\(client)"])
            return Reply.html(
                LoginPage.render(
                    error: "That token is not valid. Paste the whole token `refusald annotator add` printed."
                ),
                status: .unauthorized
            )
        }
        await limiter.recordSuccess(client)
        if let old = request.cookies[Self.sessionCookie]?.value, Self.isToken(old) {
            try await store.deleteSession(id: old)
        }
        let session = try await store.createSession(for: annotator)
        logger.info("annotator signed in", metadata: ["annotator": "\(annotator.name)", "client": "\(client)"])
        return Reply.redirect("/queue", cookies: [sessionCookie(session)])
    }

    func logout(_ request: Request, context: some RequestContext) async throws -> Response {
        guard let session = try await session(request) else {
            return Reply.redirect("/login", cookies: [expiredSessionCookie()])
        }
        let fields = try await formFields(request)
        guard session.verifyCSRF(fields["csrf"] ?? "") else {
            return errorPage(ReviewWebError.csrf, session: session)
        }
        try await store.deleteSession(id: session.id)
        return Reply.redirect("/login", cookies: [expiredSessionCookie()])
    }

    /// The HTML error page for `error`.
    func errorPage(_ error: ReviewWebError, session: AnnotatorSession?) -> Response {
        let title =
            switch error.status.code {
            case 401: "Sign in required"
            case 403: "Refused"
            case 404: "Not found"
            case 409: "Someone else is on it"
            default: "Something went wrong"
            }
        if error.status.code >= 500 {
            logger.error("review page failed", metadata: ["error": "\(error)"])
        }
        return Reply.html(
            ErrorPage.render(title: title, message: error.message, session: session),
            status: error.status
        )
    }
}
