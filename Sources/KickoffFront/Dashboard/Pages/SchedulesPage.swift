import KickoffModel

/// `/ui/schedules`: each schedule of the pipeline file — its timing, next fire times, last tick and
/// last run — and which process leads the scheduler.
struct SchedulesPage {
    var session: DashboardSession
    var list: ScheduleList

    func render() -> HTML {
        let leader: HTML = list.leader.map { "<p>Scheduler leader: <code>\($0.holder)</code> (epoch \($0.epoch))</p>" }
            ?? "<p class=\"note\">No process leads the scheduler now: no schedule fires until one does.</p>"
        return DashboardLayout.page(title: "Schedules", section: .schedules, session: session, refreshSeconds: 15, """
        <h1>Schedules</h1>
        <div id="live" data-poll="15"></div>
        \(leader)
        \(table)
        """)
    }

    private var table: HTML {
        guard !list.schedules.isEmpty else { return "<p class=\"empty\">The pipeline file has no <code>schedules:</code>.</p>" }
        let rows: [HTML] = list.schedules.map { entry in
            let next: [HTML] = entry.next_fire_times.map { "<li>\(Self.time($0))</li>" }
            let last: HTML = entry.last_run_id.map { "<a href=\"/ui/runs/\($0)\"><code>\(String($0.prefix(8)))</code></a>" } ?? "–"
            return """
            <tr data-schedule="\(entry.name)"><td><code>\(entry.name)</code></td><td><a href="/ui/pipelines#pipeline-\(entry.pipeline)">\(entry.pipeline)</a></td>\
            <td><code>\(entry.expression)</code> <span class="note">\(entry.kind), \(entry.timezone)</span></td>\
            <td><ul class="times">\(next)</ul></td><td>\(entry.last_fired_tick.map(Self.time) ?? "–")</td><td>\(last)</td>\
            <td class="number">\(entry.fired)</td><td class="number">\(entry.skipped)</td><td>\(entry.misfire)</td></tr>
            """
        }
        return """
        <table class="schedules">
        <thead><tr><th>Schedule</th><th>Pipeline</th><th>Timing</th><th>Next fire times (UTC)</th><th>Last fired (UTC)</th>\
        <th>Last run</th><th>Fired</th><th>Skipped</th><th>Misfire</th></tr></thead>
        <tbody>\(rows)</tbody>
        </table>
        """
    }

    private static func time(_ rfc3339: String) -> String {
        Formatting.time(Timestamp.milliseconds(rfc3339: rfc3339))
    }
}
