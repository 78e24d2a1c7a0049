import KickoffModel

/// `/ui/workers`: every live worker — host and pid, queues, what it runs now and since when, its last
/// heartbeat (flagged when late), runs done, memory — and whether it loaded the front's pipeline file.
struct WorkersPage {
    var session: DashboardSession
    var list: WorkerList

    func render() -> HTML {
        DashboardLayout.page(title: "Workers", section: .workers, session: session, refreshSeconds: 5, """
        <h1>Workers (\(list.workers.count))</h1>
        <div id="live" data-poll="5"></div>
        \(table)
        <p class="note">The front's pipeline file: <code>\(String(list.pipeline_digest.prefix(12)))</code>. A worker announces \
        itself about once a second; it leaves the list when it stops, or a few seconds after it stops announcing.</p>
        """)
    }

    private var table: HTML {
        guard !list.workers.isEmpty else { return "<p class=\"empty\">No worker is running.</p>" }
        let now = Timestamp.milliseconds(rfc3339: list.now) ?? 0
        let rows: [HTML] = list.workers.map { worker in
            let run: HTML = worker.run_id.map { id in
                let since = worker.run_since.flatMap(Timestamp.milliseconds(rfc3339:))
                return "<a href=\"/ui/runs/\(id)\"><code>\(String(id.prefix(8)))</code></a> \(worker.pipeline ?? "") <span class=\"note\">for \(Formatting.duration(from: since, to: nil, now: now))</span>"
            } ?? "<span class=\"empty\">idle</span>"
            let step: HTML = worker.step.map { step in
                let since = worker.step_since.flatMap(Timestamp.milliseconds(rfc3339:))
                return "\(step) <span class=\"note\">for \(Formatting.duration(from: since, to: nil, now: now))</span>"
            } ?? "–"
            let heartbeat: HTML = worker.late
                ? "<span class=\"warning\" data-flag=\"late\">late: \(Formatting.duration(milliseconds: worker.heartbeat_age_ms)) ago</span>"
                : "\(Formatting.duration(milliseconds: worker.heartbeat_age_ms)) ago"
            let digest: HTML = worker.pipeline_differs
                ? "<span class=\"warning\" data-flag=\"pipeline\"><code>\(String(worker.pipeline_digest.prefix(12)))</code> differs from the front's</span>"
                : "<code>\(String(worker.pipeline_digest.prefix(12)))</code>"
            let memory = worker.rss_bytes.map { TimeChart.number(Double($0) / 1_048_576) + " MiB" } ?? "–"
            return """
            <tr data-worker="\(worker.name)"><td><code>\(worker.name)</code></td><td>\(worker.host) / \(Int(worker.pid))</td>\
            <td>\(worker.queues.joined(separator: ", "))</td><td>\(run)</td><td>\(step)</td><td>\(heartbeat)</td>\
            <td class="number">\(Int(worker.runs_done))</td><td class="number">\(memory)</td><td>\(digest)</td></tr>
            """
        }
        return """
        <table class="workers">
        <thead><tr><th>Worker</th><th>Host / pid</th><th>Queues</th><th>Run</th><th>Step</th><th>Last heartbeat</th>\
        <th>Runs done</th><th>Memory (RSS)</th><th>Pipeline file</th></tr></thead>
        <tbody>\(rows)</tbody>
        </table>
        """
    }
}
