import Foundation
import Hummingbird
import Logging
import NIOCore
import ReviewStore

extension ReviewSite {
    /// The body of `POST /api/items/{id}/decision`.
    struct DecisionRequest: Decodable {
        var decision: DecisionKind
        var note: String?
        var category: String?
    }

    /// The body of `GET /api/queue`.
    struct QueueResponse: Encodable {
        var total: Int
        var items: [ItemSummary]
    }

    /// The body of `GET /api/stats`.
    struct StatsResponse: Encodable {
        var categories: [CategoryCounts]
        var rules: [RulePrecision]
        var audit: AuditSummary
        var agreement: AgreementReport
    }

    /// Runs an API handler for an authenticated annotator; errors become `{"error": …}` JSON.
    ///
    /// Accepts `Authorization: Bearer TOKEN` (the annotator token; failures count toward the sign-in rate
    /// limit) or the session cookie, which for state-changing requests also needs the `X-CSRF-Token` header.
    func api(
        _ request: Request,
        context: some RequestContext,
        changesState: Bool = false,
        _ body: (Annotator) async throws -> Response
    ) async throws -> Response {
        do {
            let annotator = try await apiAnnotator(request, context: context, changesState: changesState)
            return try await body(annotator)
        } catch {
            let webError = Self.webError(error)
            if webError.status.code >= 500 {
                logger.error("review API failed", metadata: ["error": "\(webError)"])
            }
            return Reply.jsonError(webError)
        }
    }

    private func apiAnnotator(
        _ request: Request,
        context: some RequestContext,
        changesState: Bool
    ) async throws -> Annotator {
        if let authorization = request.headers[.authorization] {
            let client = Self.clientKey(context)
            if let wait = await limiter.beginAttempt(client) {
                throw ReviewWebError(
                    .tooManyRequests,
                    "Too many bad tokens from your address; retry in \(Int(wait)) s."
                )
            }
            let prefix = "Bearer "
            let token = authorization.hasPrefix(prefix) ? String(authorization.dropFirst(prefix.count)) : ""
            guard let annotator = try await store.authenticate(token: token) else {
                throw ReviewWebError(.unauthorized, "The bearer token is not a valid annotator token.")
            }
            await limiter.recordSuccess(client)
            return annotator
        }
        guard let session = try await session(request) else { throw ReviewWebError.loginRequired }
        if changesState {
            try Self.checkOrigin(request)
            guard session.verifyCSRF(request.headers[Reply.header("X-CSRF-Token")] ?? "") else {
                throw ReviewWebError.csrf
            }
        }
        return session.annotator
    }

    func apiQueue(_ request: Request, context: some RequestContext) async throws -> Response {
        try await api(request, context: context) { _ in
            let query = FilterQuery(FormFields(request.uri.query ?? ""))
            let items = try await store.list(query.filter)
            return try Reply.json(QueueResponse(total: try await store.count(query.filter), items: items))
        }
    }

    func apiItem(_ request: Request, context: some RequestContext) async throws -> Response {
        try await api(request, context: context) { _ in
            let id = try Self.itemID(context)
            guard let item = try await store.item(id: id) else {
                throw ReviewWebError(.notFound, "There is no item \(id).")
            }
            return try Reply.json(item)
        }
    }

    func apiDecide(_ request: Request, context: some RequestContext) async throws -> Response {
        try await api(request, context: context, changesState: true) { annotator in
            let id = try Self.itemID(context)
            let buffer = try await request.body.collect(upTo: configuration.maxBodyBytes)
            let body: DecisionRequest
            do {
                body = try JSONDecoder().decode(DecisionRequest.self, from: Data(buffer.readableBytesView))
            } catch {
                throw ReviewWebError(
                    .badRequest,
                    #"Send JSON like {"decision":"confirm","note":"…","category":"…"}; decision is confirm, overturn or escalate."#,
                    cause: error
                )
            }
            let outcome = try await store.decide(
                itemID: id,
                annotator: annotator.name,
                kind: body.decision,
                category: body.category,
                note: body.note
            )
            return try Reply.json(outcome)
        }
    }

    /// Claims the next item (query parameters filter as on `/queue`); 204 when nothing is left.
    func apiNext(_ request: Request, context: some RequestContext) async throws -> Response {
        try await api(request, context: context, changesState: true) { annotator in
            let query = FilterQuery(FormFields(request.uri.query ?? ""))
            guard let item = try await store.claimNext(annotator: annotator.name, filter: query.filter) else {
                return Response(status: .noContent)
            }
            return try Reply.json(item)
        }
    }

    func apiStats(_ request: Request, context: some RequestContext) async throws -> Response {
        try await api(request, context: context) { _ in
            try Reply.json(
                StatsResponse(
                    categories: try await store.categoryCounts(),
                    rules: try await store.rulePrecision(),
                    audit: try await store.auditSummary(),
                    agreement: try await store.agreement()
                )
            )
        }
    }
}
