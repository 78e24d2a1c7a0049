/// The login form: an API key in, a session cookie out. The key is posted, never put in a URL.
struct LoginPage {
    var error: String?

    func render() -> HTML {
        let message: HTML = error.map { "<p class=\"error\" role=\"alert\">\($0)</p>" } ?? .empty
        return DashboardLayout.page(title: "Log in", section: nil, session: nil, """
        <section class="login">
        <h1>Log in</h1>
        <p>Sign in with a Kickoff API key. A key with the <code>read</code> scope can look; the
        <code>trigger</code> scope can also start, cancel and retry runs.</p>
        \(message)
        <form method="post" action="/ui/login">
        <label for="key">API key</label>
        <input id="key" name="key" type="password" autocomplete="off" required placeholder="kk_…">
        <button type="submit">Log in</button>
        </form>
        </section>
        """)
    }
}
