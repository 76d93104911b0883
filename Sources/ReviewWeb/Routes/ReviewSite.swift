import Foundation
import Hummingbird
import Logging
import NIOCore
import ReviewStore

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
    /// Mount at the root: the pages link to absolute paths. Prefer `ReviewRequestContext` as the
    /// router's context so rate limiting can tell clients apart.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        let group = router.group().add(middleware: SecurityHeadersMiddleware<Context>())
        group.get("/") { _, _ in Reply.redirect("/queue") }
        group.get("/login") { request, context in try await self.loginPage(request, context: context) }
        group.post("/login") { request, context in try await self.login(request, context: context) }
        group.post("/logout") { request, context in try await self.logout(request, context: context) }
        group.get("/queue") { request, context in try await self.queuePage(request, context: context) }
        group.get("/next") { request, context in try await self.next(request, context: context) }
        group.get("/items/{id}") { request, context in try await self.itemPage(request, context: context) }
        group.post("/items/{id}/decision") { request, context in try await self.decide(request, context: context) }
        group.get("/dashboard") { request, context in try await self.dashboardPage(request, context: context) }
        group.get("/static/{name}") { request, context in self.staticFile(request, context: context) }
        group.get("/api/queue") { request, context in try await self.apiQueue(request, context: context) }
        group.get("/api/items/{id}") { request, context in try await self.apiItem(request, context: context) }
        group.post("/api/items/{id}/decision") { request, context in
            try await self.apiDecide(request, context: context)
        }
        group.post("/api/next") { request, context in try await self.apiNext(request, context: context) }
        group.get("/api/stats") { request, context in try await self.apiStats(request, context: context) }
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
        guard let address = (context as? any RemoteAddressRequestContext)?.remoteAddress else { return "unknown" }
        return address.ipAddress ?? "unknown"
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
