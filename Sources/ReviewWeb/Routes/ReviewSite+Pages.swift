import Foundation
import Hummingbird
import ReviewStore

extension ReviewSite {
    /// Runs a page handler that needs a signed-in annotator: GETs without a session go to /login, other
    /// methods get 401; errors become error pages.
    func page(
        _ request: Request,
        _ body: (AnnotatorSession) async throws -> Response
    ) async throws -> Response {
        guard let session = try await session(request) else {
            if request.method == .get {
                return Reply.redirect("/login")
            }
            return errorPage(ReviewWebError.loginRequired, session: nil)
        }
        do {
            return try await body(session)
        } catch {
            return errorPage(Self.webError(error), session: session)
        }
    }

    func queuePage(_ request: Request, context: some RequestContext) async throws -> Response {
        try await page(request) { session in
            let fields = FormFields(request.uri.query ?? "")
            let query = FilterQuery(fields)
            let items = try await store.list(query.filter)
            let total = try await store.count(query.filter)
            let message = fields["done"] == "1" ? "Nothing left to review with these filters." : nil
            return Reply.html(
                QueuePage.render(session: session, query: query, items: items, total: total, message: message)
            )
        }
    }

    /// Claims the next item for the signed-in annotator and shows it; back to the queue when none is left.
    func next(_ request: Request, context: some RequestContext) async throws -> Response {
        try await page(request) { session in
            let fields = FormFields(request.uri.query ?? "")
            let query = FilterQuery(fields)
            let recorded = fields["recorded"].flatMap(Int64.init).map { "&recorded=\($0)" } ?? ""
            guard let item = try await store.claimNext(annotator: session.annotator.name, filter: query.filter) else {
                return Reply.redirect("/queue?\(query.queryString)&done=1")
            }
            return Reply.redirect("/items/\(item.id)?\(query.queryString)\(recorded)")
        }
    }

    func itemPage(_ request: Request, context: some RequestContext) async throws -> Response {
        try await page(request) { session in
            let id = try Self.itemID(context)
            let fields = FormFields(request.uri.query ?? "")
            let query = FilterQuery(fields)
            guard var item = try await store.item(id: id) else {
                throw ReviewWebError(.notFound, "There is no item \(id); it may have been in another database.")
            }
            var heldBy: Lease?
            if item.status == .pending {
                switch try await store.acquireLease(itemID: id, annotator: session.annotator.name) {
                case .acquired(let lease): item.lease = lease
                case .heldByOther(let lease): heldBy = lease
                }
            }
            let message = fields["recorded"].flatMap(Int64.init).map { "Decision on item \($0) recorded." }
            let model = ItemPage.Model(
                session: session,
                item: item,
                neighbors: try await store.neighbors(of: id, filter: query.filter),
                heldBy: heldBy,
                query: query,
                categories: try await store.categories(),
                message: message
            )
            return Reply.html(ItemPage.render(model))
        }
    }

    /// Records a decision from the item form, then moves on to the next item (post/redirect/get).
    func decide(_ request: Request, context: some RequestContext) async throws -> Response {
        try await page(request) { session in
            try Self.checkOrigin(request)
            let id = try Self.itemID(context)
            let fields = try await formFields(request)
            guard session.verifyCSRF(fields["csrf"] ?? "") else { throw ReviewWebError.csrf }
            guard let kind = fields.nonEmpty("decision").flatMap(DecisionKind.init(rawValue:)) else {
                throw ReviewWebError(.badRequest, "Choose Confirm, Overturn or Escalate.")
            }
            _ = try await store.decide(
                itemID: id,
                annotator: session.annotator.name,
                kind: kind,
                category: fields["category"],
                note: fields["note"]
            )
            let query = FilterQuery(FormFields(fields["filters"] ?? ""))
            return Reply.redirect("/next?\(query.queryString)&recorded=\(id)")
        }
    }

    func dashboardPage(_ request: Request, context: some RequestContext) async throws -> Response {
        try await page(request) { session in
            let model = DashboardPage.Model(
                session: session,
                categories: try await store.categoryCounts(),
                rules: try await store.rulePrecision(),
                audit: try await store.auditSummary(),
                agreement: try await store.agreement()
            )
            return Reply.html(DashboardPage.render(model))
        }
    }
}
