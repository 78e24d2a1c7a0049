import KickoffModel

/// `/ui/runs`: the runs, newest first, with filters (a GET form, so it works without JavaScript)
/// and a link to the next page. The script follows the shown runs live (`/ui/runs/events`).
/// Filtered to one pipeline, the outputs its file names under `display:` are columns, and each
/// sortable column's header links to the list in that order (`sort=`). A checkbox per run and a
/// GET form (`/ui/compare?run=…&run=…`) compare the selected runs.
struct RunListPage {
    var session: DashboardSession
    var pipelines: [String]
    var filter: RunListFilter
    /// The filtered pipeline's `display.outputs` (empty without a pipeline filter).
    var outputs: [String] = []
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
            <form id="compare" class="compare" method="get" action="/ui/compare">
            <button type="submit">Compare selected runs</button> <span class="note">select two or more runs below</span>
            </form>
            <table class="runs">
            <thead><tr><th><span class="visually-hidden">Select</span></th><th>Run</th><th>Pipeline</th><th>Status</th><th>Tags</th>\
            \(sortableHeader("Created (UTC)", key: .created(descending: true)))<th>Duration</th><th>Attempt</th>\(outputHeaders)</tr></thead>
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

    private var outputHeaders: HTML {
        HTML(joining: outputs.map { sortableHeader($0, key: .output(name: $0, descending: true)) })
    }

    /// A header whose link sorts by its column: highest (newest) first, or the other way when it is
    /// the order already shown. The order is said in words and in `aria-sort`, not by an arrow only.
    private func sortableHeader(_ title: String, key: RunSort) -> HTML {
        let current = filter.sort == key || filter.sort == key.reversed
        let next = filter.sort == key ? key.reversed : key
        var target = filter
        target.sort = next
        let state: HTML = current ? (filter.sort.isDescending ? " aria-sort=\"descending\"" : " aria-sort=\"ascending\"") : .empty
        let words: (descending: String, ascending: String) = if case .created = key { ("newest first", "oldest first") } else { ("highest first", "lowest first") }
        let shown: HTML = current ? " <span class=\"note\">(\(filter.sort.isDescending ? words.descending : words.ascending))</span>" : .empty
        return "<th\(state)><a href=\"/ui/runs?\(target.queryString())\" data-sort=\"\(next.text)\">\(title)</a>\(shown)</th>"
    }

    private func row(_ record: RunRecord) -> HTML {
        let tags: [HTML] = record.tags.map { "<span class=\"tag\">\($0)</span>" }
        let outputCells: [HTML] = outputs.map { name in
            let value = RunSort.output(name, of: record)
            return "<td class=\"output\" data-output=\"\(name)\">\(value.map { Formatting.value($0) } ?? "–")</td>"
        }
        return """
        <tr data-run-id="\(record.id)">
        <td><input type="checkbox" name="run" value="\(record.id)" form="compare" aria-label="Select run \(record.id) to compare"></td>
        <td><a href="/ui/runs/\(record.id)"><code>\(record.id)</code></a></td>
        <td>\(record.pipeline)</td>
        <td>\(Formatting.badge(record.status.rawValue))</td>
        <td>\(tags)</td>
        <td>\(Formatting.time(record.createdAt))</td>
        <td>\(Formatting.duration(from: record.startedAt, to: record.finishedAt, now: now))</td>
        <td>\(record.attempt)/\(record.maxAttempts)</td>\(outputCells)
        </tr>
        """
    }
}

/// The list's filters as the GET form sends them: `pipeline`, `status`, `tag`; and its order,
/// as a column header's link sets it (`sort`).
struct RunListFilter: Sendable, Hashable {
    var pipeline: String?
    var status: RunStatus?
    var tag: String?
    var sort = RunSort.newestFirst

    func queryString(cursor: String? = nil) -> String {
        var parts: [String] = []
        if let pipeline { parts.append("pipeline=" + Formatting.query(pipeline)) }
        if let status { parts.append("status=" + status.rawValue) }
        if let tag { parts.append("tag=" + Formatting.query(tag)) }
        if sort != .newestFirst { parts.append("sort=" + Formatting.query(sort.text)) }
        if let cursor { parts.append("cursor=" + Formatting.query(cursor)) }
        return parts.joined(separator: "&")
    }
}
