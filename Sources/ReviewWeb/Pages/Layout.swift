import ReviewStore

/// The frame shared by every page: head with the external stylesheet and script, navigation, sign-out.
enum Layout {
    /// Which navigation entry is highlighted, and which keyboard map `review.js` uses.
    enum Section: String {
        case login, queue, item, dashboard, error
    }

    static func page(title: String, section: Section, session: AnnotatorSession?, content: HTML) -> HTML {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) · refusald review</title>
        <link rel="stylesheet" href="/static/review.css">
        <script src="/static/review.js" defer></script>
        </head>
        <body data-page="\(section.rawValue)">
        <header class="top">
        <a class="brand" href="/queue">refusald review</a>
        \(navigation(section: section, session: session))
        </header>
        <main>
        \(content)
        </main>
        </body>
        </html>
        """
    }

    private static func navigation(section: Section, session: AnnotatorSession?) -> HTML {
        guard let session else { return "" }
        let queueClass = section == .queue || section == .item ? "active" : ""
        let dashboardClass = section == .dashboard ? "active" : ""
        return """
            <nav>
            <a class="\(queueClass)" href="/queue">Queue</a>
            <a class="\(dashboardClass)" href="/dashboard">Dashboard</a>
            </nav>
            <form class="signout" method="post" action="/logout">
            <span class="who">\(session.annotator.name)</span>
            <input type="hidden" name="csrf" value="\(session.csrfToken)">
            <button type="submit">Sign out</button>
            </form>
            """
    }

    /// A dismissable notice line, or nothing.
    static func notice(_ message: String?, kind: String = "info") -> HTML {
        guard let message, !message.isEmpty else { return "" }
        return "<p class=\"notice \(kind)\" role=\"status\">\(message)</p>"
    }
}
