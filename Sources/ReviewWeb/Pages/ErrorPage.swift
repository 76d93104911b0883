import ReviewStore

/// A page for a refused or failed request, saying what to do next.
enum ErrorPage {
    static func render(title: String, message: String, session: AnnotatorSession?) -> HTML {
        Layout.page(
            title: title,
            section: .error,
            session: session,
            content: """
                <section class="error-page">
                <h1>\(title)</h1>
                <p>\(message)</p>
                <p><a href="/queue">Back to the queue</a></p>
                </section>
                """
        )
    }
}
