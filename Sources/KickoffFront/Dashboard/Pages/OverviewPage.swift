import KickoffModel

/// `/ui/overview`, where the dashboard opens: the last hour at a glance — runs per minute by
/// outcome, each queue's depth and oldest wait, step durations per pipeline — and the live workers.
struct OverviewPage {
    var session: DashboardSession
    var charts: HistoryCharts
    var pipelines: [String]
    var queues: [String]
    var workers: WorkerList

    func render() -> HTML {
        let totals = charts.minutes.reduce(into: [String: Int]()) { total, minute in
            for (status, count) in minute.runsByStatus { total[status, default: 0] += count }
        }
        let tiles: [HTML] = HistoryCharts.outcomes.map { outcome in
            "<div class=\"tile\"><span class=\"figure\" data-total=\"\(outcome.status)\">\(totals[outcome.status] ?? 0)</span> \(outcome.status)</div>"
        }
        let late = workers.workers.filter(\.late).count, differing = workers.workers.filter(\.pipeline_differs).count
        let workerNote: HTML = late + differing == 0 ? .empty
            : " <a class=\"warning\" href=\"/ui/workers\">\(late) late, \(differing) with another pipeline file</a>"
        let durationCharts: [HTML] = pipelines.enumerated().map { index, pipeline in
            charts.durations(pipeline: pipeline, id: "chart-duration-\(index)")
        }
        return DashboardLayout.page(title: "Overview", section: .overview, session: session, refreshSeconds: 30, """
        <h1>Overview</h1>
        <div id="live" data-poll="30"></div>
        <section class="tiles" aria-label="The last hour">
        \(tiles)
        <div class="tile"><span class="figure" data-total="workers">\(workers.workers.count)</span> <a href="/ui/workers">workers</a>\(workerNote)</div>
        </section>
        <h2>Runs</h2>
        <div class="charts">\(charts.runs())</div>
        <h2>Queues</h2>
        <div class="charts">\(charts.queueDepth(queues: queues))\(charts.oldestWait(queues: queues))</div>
        <p class="note">Sampled once a minute by a worker; no worker running, no sample.</p>
        <h2>Step durations</h2>
        <div class="charts">\(durationCharts)</div>
        """)
    }
}
