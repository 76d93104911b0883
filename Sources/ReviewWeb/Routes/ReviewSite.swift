import Foundation
import Hummingbird
import Logging
import NIOCore
import ReviewStore

#if canImport(Glibc)
import Glibc
#endif

/// The review web site: HTML pages, static files and the JSON API over a `ReviewStore`.
///
/// Register it on the daemon's router next to `/metrics` and `/healthz`, or run it alone with
/// `ReviewServer.makeApplication`. Routes: `GET /login`, `POST /login`, `POST /logout`, `GET /queue`,
/// `GET /next`, `GET /items/{id}`, `POST /items/{id}/decision`, `GET /dashboard`,
/// `GET /static/review.js|review.css`, and under `/api/`: `GET queue`, `GET items/{id}`,
/// `POST items/{id}/decision`, `POST next`, `GET stats`.
public struct ReviewSite: Sendable {
    /// The name of the session cookie.
    public static let sessionCookie = "refusald_session"

    let store: ReviewStore
    let configuration: ReviewWebConfiguration
    let logger: Logger
    let limiter: LoginRateLimiter

    /// Creates the site.
    /// - Parameters:
    ///   - store: The review store decisions go to.
    ///   - configuration: Cookie and rate-limit settings.
    ///   - logger: Where sign-ins and failures are logged (tokens never are).
    ///   - now: The clock for rate limiting.
    public init(
        store: ReviewStore,
        configuration: ReviewWebConfiguration = ReviewWebConfiguration(),
        logger: Logger = Logger(label: "refusald.review.web"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.limiter = LoginRateLimiter(
            limit: configuration.loginFailuresPerWindow,
            window: configuration.loginWindow,
            now: now
        )
    }

    /// Adds every review route to `router`, behind the security-headers middleware.
    ///
    /// The middleware goes on the router itself, not on a route group: Hummingbird builds the router's
    /// not-found responder from the router's own middleware only, so with a group an unknown path
    /// (`/static/../x`, `/nope`) was answered 404 without CSP or `nosniff`. Routes added to `router`
    /// before this call (the daemon's `/metrics`) keep their own headers; routes added after it get the
    /// security headers too.
    ///
    /// Mount at the root: the pages link to absolute paths. Prefer `ReviewRequestContext` as the
    /// router's context so rate limiting can tell clients apart.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        router.add(middleware: SecurityHeadersMiddleware<Context>())
        router.get("/") { _, _ in Reply.redirect("/queue") }
        router.get("/login") { request, context in try await self.loginPage(request, context: context) }
        router.post("/login") { request, context in try await self.login(request, context: context) }
        router.post("/logout") { request, context in try await self.logout(request, context: context) }
        router.get("/queue") { request, context in try await self.queuePage(request, context: context) }
        router.get("/next") { request, context in try await self.next(request, context: context) }
        router.get("/items/{id}") { request, context in try await self.itemPage(request, context: context) }
        router.post("/items/{id}/decision") { request, context in try await self.decide(request, context: context) }
        router.get("/dashboard") { request, context in try await self.dashboardPage(request, context: context) }
        router.get("/static/{name}") { request, context in self.staticFile(request, context: context) }
        router.get("/api/queue") { request, context in try await self.apiQueue(request, context: context) }
        router.get("/api/items/{id}") { request, context in try await self.apiItem(request, context: context) }
        router.post("/api/items/{id}/decision") { request, context in
            try await self.apiDecide(request, context: context)
        }
        router.post("/api/next") { request, context in try await self.apiNext(request, context: context) }
        router.get("/api/stats") { request, context in try await self.apiStats(request, context: context) }
    }

    /// The static file named in the path, from the embedded table; anything else is 404.
    func staticFile(_ request: Request, context: some RequestContext) -> Response {
        guard let name = context.parameters.get("name"), let asset = StaticAssets.asset(named: name) else {
            return Reply.text("No such file.", status: .notFound)
        }
        var response = Reply.text(asset.body, status: .ok, contentType: asset.contentType)
        response.headers[.cacheControl] = "no-cache"
        return response
    }

    /// The rate-limit key of the request's client: its IP address when the context knows it.
    static func clientKey(_ context: some RequestContext) -> String {
        clientKey(for: (context as? any RemoteAddressRequestContext)?.remoteAddress)
    }

    /// The rate-limit key of `address`: an IPv4 address as is, an IPv6 address by its /64 prefix.
    ///
    /// One IPv6 host usually holds a whole /64 and may pick any address in it, so keying on the full
    /// address would give an attacker 2^64 fresh buckets. IPv4-mapped IPv6 addresses count as IPv4.
    static func clientKey(for address: SocketAddress?) -> String {
        guard let address, let text = address.ipAddress else { return "unknown" }
        guard case .v6 = address else { return text }
        var bytes = [UInt8](repeating: 0, count: 16)
        guard inet_pton(AF_INET6, text, &bytes) == 1 else { return text }
        let mapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xff && bytes[11] == 0xff
        if mapped {
            return bytes[12...].map(String.init).joined(separator: ".")
        }
        let prefix = stride(from: 0, to: 8, by: 2).map {
            String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16)
        }
        return prefix.joined(separator: ":") + "::/64"
    }

    /// The item id in the path, or a 404.
    static func itemID(_ context: some RequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id").flatMap(Int64.init), id > 0 else {
            throw ReviewWebError(.notFound, "No such item: item ids are positive numbers, as listed in the queue.")
        }
        return id
    }

    /// Refuses a state-changing request whose `Origin` names another site. Requests without `Origin`
    /// (curl, the CLI) pass: the CSRF token or bearer token still guards them.
    static func checkOrigin(_ request: Request) throws {
        guard let origin = request.headers[Reply.header("Origin")] else { return }
        guard let authority = request.head.authority,
            origin == "http://\(authority)" || origin == "https://\(authority)"
        else {
            throw ReviewWebError.crossOrigin
        }
    }

    /// The request body as form fields (up to the configured size).
    func formFields(_ request: Request) async throws -> FormFields {
        do {
            let buffer = try await request.body.collect(upTo: configuration.maxBodyBytes)
            return FormFields(String(buffer: buffer))
        } catch {
            throw ReviewWebError(
                .contentTooLarge,
                "The form is larger than \(configuration.maxBodyBytes) bytes; shorten the note.",
                cause: error
            )
        }
    }

    /// Maps a store error to the HTTP error users see.
    static func webError(_ error: any Error) -> ReviewWebError {
        if let error = error as? ReviewWebError { return error }
        guard let error = error as? ReviewStoreError else {
            return ReviewWebError(.internalServerError, "Internal error; the server log has the details.", cause: error)
        }
        let status: HTTPResponse.Status =
            switch error.code {
            case .itemNotFound: .notFound
            case .annotatorNotFound: .forbidden
            case .leaseHeld: .conflict
            case .invalidInput: .badRequest
            case .busy: .serviceUnavailable
            default: .internalServerError
            }
        return ReviewWebError(status, error.message, cause: error)
    }
}
