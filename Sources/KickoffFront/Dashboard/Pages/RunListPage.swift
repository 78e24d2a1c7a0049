import KickoffModel

/// `/ui/runs`: the runs, newest first, with filters (a GET form, so it works without JavaScript)
/// and a link to the next page. The script follows the shown runs live (`/ui/runs/events`).
struct RunListPage {
    var session: DashboardSession
    var pipelines: [String]
    var filter: RunListFilter
    var records: [RunRecord]
    var nextCursor: String?
    /// The newest run in the index when the page was rendered: its stream tells of any newer one.
    var newest: String?
    var now: Int64

    func render() -> HTML {
        let active = records.filter { !$0.status.isFinal }
        let rows: [HTML] = records.map(row)
        let table: HTML = records.isEmpty
            ? "<p class=\"empty\">No runs match.</p>"
            : """
            <table class="runs">
            <thead><tr><th>Run</th><th>Pipeline</th><th>Status</th><th>Tags</th><th>Created (UTC)</th><th>Duration</th><th>Attempt</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table>
            """
        let next: HTML = nextCursor.map { cursor in
            "<p class=\"pager\"><a href=\"/ui/runs?\(filter.queryString(cursor: cursor))\">Older runs →</a></p>"
        } ?? .empty
        // Every shown run with its status: the stream tells what changed since this rendering.
        let live = "runs=" + records.map { "\($0.id):\($0.status.rawValue)" }.joined(separator: ",")
            + (newest.map { "&newest=" + $0 } ?? "")
        return DashboardLayout.page(title: "Runs", section: .runs, session: session, refreshSeconds: active.isEmpty ? nil : 5, """
        <h1>Runs</h1>
        \(filterForm)
        <div id="live" data-list-events="/ui/runs/events?\(live)" data-follow="1"></div>
        \(table)
        \(next)
        """)
    }

    private var filterForm: HTML {
        let pipelineOptions: [HTML] = ["<option value=\"\">all pipelines</option>"] + pipelines.map { name in
            "<option value=\"\(name)\"\(filter.pipeline == name ? " selected" as HTML : .empty)>\(name)</option>"
        }
        let statusOptions: [HTML] = ["<option value=\"\">any status</option>"] + RunStatus.allCases.map { status in
            "<option value=\"\(status.rawValue)\"\(filter.status == status ? " selected" as HTML : .empty)>\(status.rawValue)</option>"
        }
        return """
        <form class="filters" method="get" action="/ui/runs">
        <label>Pipeline <select name="pipeline">\(pipelineOptions)</select></label>
        <label>Status <select name="status">\(statusOptions)</select></label>
        <label>Tag <input name="tag" value="\(filter.tag ?? "")" placeholder="any tag"></label>
        <button type="submit">Filter</button>
        <a href="/ui/runs">Clear</a>
        </form>
        """
    }

    private func row(_ record: RunRecord) -> HTML {
        let tags: [HTML] = record.tags.map { "<span class=\"tag\">\($0)</span>" }
        return """
        <tr data-run-id="\(record.id)">
        <td><a href="/ui/runs/\(record.id)"><code>\(record.id)</code></a></td>
        <td>\(record.pipeline)</td>
        <td>\(Formatting.badge(record.status.rawValue))</td>
        <td>\(tags)</td>
        <td>\(Formatting.time(record.createdAt))</td>
        <td>\(Formatting.duration(from: record.startedAt, to: record.finishedAt, now: now))</td>
        <td>\(record.attempt)/\(record.maxAttempts)</td>
        </tr>
        """
    }
}

/// The list's filters as the GET form sends them: `pipeline`, `status`, `tag`.
struct RunListFilter: Sendable, Hashable {
    var pipeline: String?
    var status: RunStatus?
    var tag: String?

    func queryString(cursor: String? = nil) -> String {
        var parts: [String] = []
        if let pipeline { parts.append("pipeline=" + Formatting.query(pipeline)) }
        if let status { parts.append("status=" + status.rawValue) }
        if let tag { parts.append("tag=" + Formatting.query(tag)) }
        if let cursor { parts.append("cursor=" + Formatting.query(cursor)) }
        return parts.joined(separator: "&")
    }
}
