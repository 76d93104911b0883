import Foundation
import ReviewStore

/// One item: prompt and response side by side with the matched spans marked, the findings, the history,
/// and the decision form (keys: j/k move, c/o/e decide).
enum ItemPage {
    struct Model {
        var session: AnnotatorSession
        var item: ReviewItem
        var neighbors: ItemNeighbors
        /// Someone else's live lease, when the viewer could not take it.
        var heldBy: Lease?
        var query: FilterQuery
        var categories: [String]
        var message: String?
    }

    static func render(_ model: Model) -> HTML {
        let item = model.item
        return Layout.page(
            title: "Item \(item.id)",
            section: .item,
            session: model.session,
            content: """
                \(navigation(model))
                <h1>Item \(item.id) <span class="status \(item.status.rawValue)">\(item.status.rawValue)</span></h1>
                \(Layout.notice(model.message))
                \(leaseNotice(model.heldBy))
                <dl class="meta">
                <dt>Source</dt><dd>\(item.sourceFile):\(item.sourceLine)</dd>
                <dt>Input id</dt><dd>\(item.externalID)</dd>
                <dt>Queue</dt><dd>\(item.queue.rawValue)</dd>
                <dt>Language</dt><dd>\(item.language ?? "unknown")</dd>
                <dt>Policy</dt><dd class="digest">\(item.policyDigest)</dd>
                <dt>Screened</dt><dd>\(item.screenedAt.formatted(.iso8601))</dd>
                </dl>
                <div class="texts">
                \(textPanel("Prompt", id: "prompt-text", text: item.prompt, target: "prompt", findings: item.findings))
                \(textPanel("Response", id: "response-text", text: item.response, target: "response", findings: item.findings))
                </div>
                \(findingsTable(item))
                \(decisionForm(model))
                \(history(item))
                """
        )
    }

    private static func navigation(_ model: Model) -> HTML {
        let query = model.query.queryString
        let previous: HTML =
            if let id = model.neighbors.previous {
                "<a id=\"nav-prev\" href=\"/items/\(id)?\(query)\">&larr; Previous <kbd>k</kbd></a>"
            } else {
                "<span class=\"disabled\">&larr; Previous</span>"
            }
        let next: HTML =
            if let id = model.neighbors.next {
                "<a id=\"nav-next\" href=\"/items/\(id)?\(query)\">Next <kbd>j</kbd> &rarr;</a>"
            } else {
                "<span class=\"disabled\">Next &rarr;</span>"
            }
        return """
            <p class="item-nav">\(previous) <a href="/queue?\(query)">Queue</a> \(next)
            <a id="nav-claim" href="/next?\(query)">Next unclaimed item</a></p>
            """
    }

    private static func leaseNotice(_ lease: Lease?) -> HTML {
        guard let lease else { return "" }
        let until = lease.expiresAt.formatted(.iso8601)
        return """
            <p class="notice warning" id="lease-notice">\(lease.annotator) is reviewing this item until \(until) UTC; \
            decisions are locked until then. Take the next unclaimed item instead.</p>
            """
    }

    private static func textPanel(
        _ title: String,
        id: String,
        text: String?,
        target: String,
        findings: [ReviewFinding]
    ) -> HTML {
        guard let text else {
            return "<section class=\"text-panel\"><h2>\(title)</h2><p class=\"empty\">(none)</p></section>"
        }
        let spans = findings.filter { $0.target == target }.flatMap { finding in
            finding.spans.compactMap { pair in
                pair.count == 2 ? SpanHighlighter.Span(start: pair[0], end: pair[1], rule: finding.rule) : nil
            }
        }
        return """
            <section class="text-panel"><h2>\(title)</h2>
            <pre class="text" id="\(id)">\(SpanHighlighter.render(text, spans: spans))</pre></section>
            """
    }

    private static func findingsTable(_ item: ReviewItem) -> HTML {
        if item.findings.isEmpty {
            return """
                <p class="notice info">Audit sample: the rules passed this item. Confirm if that is right; \
                overturn (with the category) if they missed something.</p>
                """
        }
        let rows = HTML.join(
            item.findings.map { finding in
                """
                <tr><td>\(finding.kind)</td><td>\(finding.category ?? "")</td><td class="rule">\(finding.rule)</td>
                <td>\(finding.severity)</td><td>\(finding.target)</td><td>\(finding.excerpt ?? "")</td>
                <td>\(finding.note ?? "")</td></tr>
                """
            }
        )
        return """
            <h2>Findings</h2>
            <table class="findings" id="findings"><thead><tr><th>Kind</th><th>Category</th><th>Rule</th>
            <th>Severity</th><th>Target</th><th>Excerpt</th><th>Rule note</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
    }

    private static func decisionForm(_ model: Model) -> HTML {
        let disabled: HTML = model.heldBy == nil ? "" : " disabled"
        let options = HTML.join(model.categories.map { "<option value=\"\($0)\">" })
        return """
            <form class="decision" id="decision-form" method="post" action="/items/\(model.item.id)/decision">
            <input type="hidden" name="csrf" value="\(model.session.csrfToken)">
            \(model.query.hiddenInput)
            <label>Note <textarea name="note" id="note" rows="2" maxlength="4000"></textarea></label>
            <label>Corrected category (overturn)
            <input type="text" name="category" id="category" list="known-categories" pattern="[a-z0-9_]*"></label>
            <datalist id="known-categories">\(options)</datalist>
            <div class="buttons">
            <button type="submit" name="decision" value="confirm" id="decide-c" class="confirm"\(disabled)>Confirm <kbd>c</kbd></button>
            <button type="submit" name="decision" value="overturn" id="decide-o" class="overturn"\(disabled)>Overturn <kbd>o</kbd></button>
            <button type="submit" name="decision" value="escalate" id="decide-e" class="escalate"\(disabled)>Escalate <kbd>e</kbd></button>
            </div>
            </form>
            """
    }

    private static func history(_ item: ReviewItem) -> HTML {
        guard !item.decisions.isEmpty else { return "" }
        let rows = HTML.join(
            item.decisions.reversed().map { decision in
                """
                <tr><td>\(decision.decidedAt.formatted(.iso8601))</td><td>\(decision.annotator)</td>
                <td>\(decision.kind.rawValue)</td><td>\(decision.category ?? "")</td><td>\(decision.note ?? "")</td></tr>
                """
            }
        )
        return """
            <h2>History</h2>
            <table class="history" id="history"><thead><tr><th>When (UTC)</th><th>Annotator</th><th>Decision</th>
            <th>Category</th><th>Note</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }
}
