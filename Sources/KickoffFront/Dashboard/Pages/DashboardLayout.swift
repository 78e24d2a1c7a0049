import KickoffModel
/// The frame of every page: head, navigation, the signed-in key with its logout form, the content.
enum DashboardLayout {
    enum Section: String, CaseIterable {
        case overview, runs, pipelines, queue, workers, schedules, sources

        var title: String {
            switch self {
            case .overview: "Overview"
            case .runs: "Runs"
            case .pipelines: "Pipelines"
            case .queue: "Queue"
            case .workers: "Workers"
            case .schedules: "Schedules"
            case .sources: "Sources"
            }
        }

        var path: String { "/ui/" + rawValue }
    }

    /// `refreshSeconds`: a `<meta refresh>` for pages that change while looked at, so that reading
    /// stays live without JavaScript (the script replaces it with a live stream).
    static func page(title: String, section: Section?, session: DashboardSession?, refreshSeconds: Int? = nil, _ content: HTML) -> HTML {
        let refresh: HTML = refreshSeconds.map { "<noscript><meta http-equiv=\"refresh\" content=\"\($0)\"></noscript>" } ?? .empty
        return """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) · Kickoff</title>
        <link rel="stylesheet" href="/ui/static/dashboard.css">
        <script src="/ui/static/dashboard.js" defer></script>
        \(refresh)
        </head>
        <body>
        <header class="top">
        <a class="brand" href="/ui/overview">Kickoff</a>
        \(navigation(section: section, session: session))
        </header>
        <main>
        \(content)
        </main>
        </body>
        </html>
        """
    }

    private static func navigation(section: Section?, session: DashboardSession?) -> HTML {
        guard let session else { return .empty }
        let links: [HTML] = Section.allCases.map { item in
            let current: HTML = item == section ? " aria-current=\"page\"" : ""
            return "<a href=\"\(item.path)\"\(current)>\(item.title)</a>"
        }
        let scopes = session.key.scopes.map(\.rawValue).joined(separator: ", ")
        return """
        <nav>\(links)</nav>
        <form class="logout" method="post" action="/ui/logout">\(CSRFField.input(session))
        <span class="who">key <b>\(session.key.name)</b> (\(scopes))</span> <button type="submit">Log out</button></form>
        """
    }
}
