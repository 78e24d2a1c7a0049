import KickoffModel
import KickoffStore

/// `/ui/queue`: depth per priority, the running runs with their workers and leases, and (for
/// `admin` keys, as in the API) the webhook dead letters with a redeliver button each.
struct QueuePage {
    var session: DashboardSession
    var snapshot: QueueSnapshot
    /// nil when the key may not see them (no `admin` scope).
    var deadLetters: [WebhookDelivery]?
    /// A message after a redeliver.
    var notice: String?
    /// The last hour's queue depth and oldest wait (`HistoryCharts`).
    var charts: HTML = .empty

    func render() -> HTML {
        let depthRows: [HTML] = RunPriority.allCases.map { priority in
            "<tr><td>\(priority.rawValue)</td><td class=\"number\" data-depth=\"\(priority.rawValue)\">\(snapshot.depths[priority] ?? 0)</td></tr>"
        }
        let notice: HTML = self.notice.map { "<p class=\"notice\" role=\"status\">\($0)</p>" } ?? .empty
        return DashboardLayout.page(title: "Queue", section: .queue, session: session, refreshSeconds: 5, """
        <h1>Queue</h1>
        <div id="live" data-poll="5"></div>
        \(notice)
        <h2>Waiting</h2>
        <table class="depths">
        <thead><tr><th>Priority</th><th>Queued runs</th></tr></thead>
        <tbody>\(depthRows)
        <tr><td>delayed or in backoff</td><td class="number" data-depth="delayed">\(snapshot.delayed)</td></tr></tbody>
        </table>
        <h2>Queues</h2>
        \(namedQueueTable)
        <div class="charts">\(charts)</div>
        <h2>Running (\(snapshot.running))</h2>
        \(leaseTable)
        <h2>Webhook dead letters</h2>
        \(deadLetterTable)
        """)
    }

    /// One row per named queue: who serves it, what waits in it, what runs from it.
    private var namedQueueTable: HTML {
        guard !snapshot.queues.isEmpty else { return "<p class=\"empty\">No queue has had a run or a worker yet.</p>" }
        let rows: [HTML] = snapshot.queues.map { queue in
            let depths: [HTML] = RunPriority.allCases.map { priority in
                "<td class=\"number\">\(queue.priorities[priority]?.length ?? 0)</td>"
            }
            let age = queue.oldestAge.map { Formatting.duration(milliseconds: $0.milliseconds) } ?? "–"
            let workers: HTML = queue.workers == 0 && queue.depth > 0 ? "<td class=\"number warning\">0 (no worker serves it)</td>"
                : "<td class=\"number\">\(queue.workers)</td>"
            return """
            <tr data-queue="\(queue.name)"><td><code>\(queue.name)</code></td>\(depths)<td>\(age)</td>\(workers)\
            <td class="number">\(queue.running)</td></tr>
            """
        }
        let waiting = snapshot.waiting
        return """
        <table class="queues">
        <thead><tr><th>Queue</th><th>high</th><th>normal</th><th>low</th><th>Oldest wait</th><th>Workers</th><th>Running</th></tr></thead>
        <tbody>\(rows)</tbody>
        </table>
        <p class="note">Not claimable yet: <span data-waiting="concurrency">\(waiting[.concurrency] ?? 0)</span> waiting for a concurrency slot, \
        <span data-waiting="debounce">\(waiting[.debounce] ?? 0)</span> in a debounce window, \
        <span data-waiting="no_worker">\(waiting[.noWorker] ?? 0)</span> in a queue no worker serves.</p>
        """
    }

    private var leaseTable: HTML {
        guard !snapshot.leases.isEmpty else { return "<p class=\"empty\">No run is running.</p>" }
        let rows: [HTML] = snapshot.leases.map { lease in
            let left = lease.leaseUntil - snapshot.now
            let leaseText = left >= 0 ? "expires in " + Formatting.duration(milliseconds: left) : "expired " + Formatting.duration(milliseconds: -left) + " ago"
            return """
            <tr><td><a href="/ui/runs/\(lease.runID)"><code>\(lease.runID)</code></a></td><td>\(lease.pipeline)</td>\
            <td>\(lease.worker ?? "–")</td><td>\(lease.attempt)</td>\
            <td>\(Formatting.duration(from: lease.startedAt, to: nil, now: snapshot.now))</td><td>\(leaseText)</td></tr>
            """
        }
        return """
        <table class="leases">
        <thead><tr><th>Run</th><th>Pipeline</th><th>Worker</th><th>Attempt</th><th>Running for</th><th>Lease</th></tr></thead>
        <tbody>\(rows)</tbody>
        </table>
        """
    }

    private var deadLetterTable: HTML {
        guard let deadLetters else {
            return "<p class=\"note\">Dead letters need a key with the <code>admin</code> scope.</p>"
        }
        guard !deadLetters.isEmpty else { return "<p class=\"empty\">No dead letters.</p>" }
        let rows: [HTML] = deadLetters.map { delivery in
            let status: HTML = delivery.lastStatus.map { "\($0)" } ?? "–"
            return """
            <tr><td><code>\(delivery.id)</code></td><td><a href="/ui/runs/\(delivery.runID)">\(delivery.type.rawValue)</a></td>\
            <td>\(delivery.url)</td><td>\(delivery.attempts)</td><td>\(status) \(delivery.lastError ?? "")</td>\
            <td>\(Formatting.time(delivery.deadAt))</td>\
            <td><form method="post" action="/ui/webhooks/dead-letters/\(delivery.id)/redeliver">\(CSRFField.input(session))\
            <button type="submit">Redeliver</button></form></td></tr>
            """
        }
        return """
        <table class="dead-letters">
        <thead><tr><th>Delivery</th><th>Event</th><th>URL</th><th>Attempts</th><th>Last answer</th><th>Dead since (UTC)</th><th></th></tr></thead>
        <tbody>\(rows)</tbody>
        </table>
        """
    }
}
