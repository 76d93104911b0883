/// The sign-in form: one field for the token `refusald annotator add NAME` printed.
enum LoginPage {
    static func render(error: String?) -> HTML {
        Layout.page(
            title: "Sign in",
            section: .login,
            session: nil,
            content: """
                <section class="login">
                <h1>Sign in</h1>
                \(Layout.notice(error, kind: "error"))
                <form method="post" action="/login">
                <label for="token">Annotator token</label>
                <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
                <button type="submit" id="login-submit">Sign in</button>
                </form>
                <p class="hint">No token? Ask an operator to run <code>refusald annotator add YOUR_NAME</code>.</p>
                </section>
                """
        )
    }
}
