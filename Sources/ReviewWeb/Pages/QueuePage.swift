import Foundation
import ReviewStore

/// The queue: filters, a "start reviewing" button that claims the next item, and the matching items.
enum QueuePage {
    static func render(
        session: AnnotatorSession,
        query: FilterQuery,
        items: [ItemSummary],
        total: Int,
        message: String?
    ) -> HTML {
        let queryString = query.queryString
        let rows = HTML.join(items.map { row($0, queryString: queryString, me: session.annotator.name) })
        let empty: HTML = items.isEmpty ? "<p class=\"empty\">No items match these filters.</p>" : ""
        return Layout.page(
            title: "Queue",
            section: .queue,
            session: session,
            content: """
                <h1>Review queue</h1>
                \(Layout.notice(message))
                \(filterForm(query))
                <p class="actions">
                <a class="button primary" id="start-review" href="/next?\(queryString)">Start reviewing</a>
                <span class="count">\(total) matching item(s)</span>
                <span class="keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens</span>
                </p>
                \(empty)
                <table class="queue" id="queue-table">
                <thead><tr><th>ID</th><th>Status</th><th>Queue</th><th>Categories</th><th>Rules</th>
                <th>Lang</th><th>Source</th><th>Prompt</th><th>Reviewing</th></tr></thead>
                <tbody>
                \(rows)
                </tbody>
                </table>
                \(pager(query, total: total))
                """
        )
    }

    private static func row(_ item: ItemSummary, queryString: String, me: String) -> HTML {
        let lease: HTML =
            if let lease = item.lease {
                lease.annotator == me ? "you" : "\(lease.annotator)"
            } else {
                ""
            }
        return """
            <tr class="queue-row" data-href="/items/\(item.id)?\(queryString)">
            <td><a href="/items/\(item.id)?\(queryString)">\(item.id)</a></td>
            <td><span class="status \(item.status.rawValue)">\(item.status.rawValue)</span></td>
            <td>\(item.queue.rawValue)</td>
            <td>\(item.categories.joined(separator: ", "))</td>
            <td class="rules">\(item.rules.joined(separator: ", "))</td>
            <td>\(item.language)</td>
            <td class="source">\(item.sourceFile):\(item.sourceLine)</td>
            <td class="preview">\(item.promptPreview)</td>
            <td>\(lease)</td>
            </tr>
            """
    }

    private static func filterForm(_ query: FilterQuery) -> HTML {
        let filter = query.filter
        let statuses = ["all"] + ItemStatus.allCases.map(\.rawValue)
        let queues = [""] + ReviewQueue.allCases.map(\.rawValue)
        return """
            <form class="filters" method="get" action="/queue">
            <label>Status \(select("status", statuses, selected: filter.status?.rawValue ?? "all"))</label>
            <label>Queue \(select("queue", queues, selected: filter.queue?.rawValue ?? ""))</label>
            \(textField("category", filter.category))
            \(textField("kind", filter.kind))
            \(textField("rule", filter.rule))
            \(textField("language", filter.language))
            \(textField("file", filter.file))
            <button type="submit">Filter</button>
            </form>
            """
    }

    private static func select(_ name: String, _ options: [String], selected: String) -> HTML {
        let rendered = HTML.join(
            options.map { option in
                let mark: HTML = option == selected ? " selected" : ""
                let label = option.isEmpty ? "any" : option
                return "<option value=\"\(option)\"\(mark)>\(label)</option>"
            }
        )
        return "<select name=\"\(name)\">\(rendered)</select>"
    }

    private static func textField(_ name: String, _ value: String?) -> HTML {
        "<label>\(name.capitalized) <input type=\"text\" name=\"\(name)\" value=\"\(value)\" size=\"12\"></label>"
    }

    private static func pager(_ query: FilterQuery, total: Int) -> HTML {
        let pages = max(1, (total + query.filter.limit - 1) / query.filter.limit)
        guard pages > 1 else { return "" }
        let base = query.queryString
        let previous: HTML = query.page > 1 ? "<a href=\"/queue?\(base)&page=\(query.page - 1)\">Previous</a>" : ""
        let next: HTML = query.page < pages ? "<a href=\"/queue?\(base)&page=\(query.page + 1)\">Next</a>" : ""
        return "<p class=\"pager\">\(previous) Page \(query.page) of \(pages) \(next)</p>"
    }
}
