import Hummingbird
import KickoffModel
import KickoffStore
import Logging

/// `GET /ui/queue` and `POST /ui/webhooks/dead-letters/{id}/redeliver` (scope `admin`, as in the API).
struct DashboardQueueRoutes {
    let state: FrontState
    let gate: DashboardGate

    func register(on group: RouterGroup<FrontRequestContext>) {
        let reading = gate.signedIn(group, needing: .read)
        let administering = gate.signedIn(group, needing: .admin, limitedBy: state.rateLimiter)
        reading.get("/queue") { request, context in
            let session = context.session
            let snapshot = try await state.runs.queueSnapshot()
            // Listing dead letters is an admin's, as in the API.
            let deadLetters: [WebhookDelivery]? = if session.allows(.admin) { try await state.webhooks.deadLetters(limit: 100).deliveries } else { nil }
            let notice = request.query("redelivered").map { "Delivery \($0) is queued again." }
            let history = try await DashboardCharts.lastHour(state)
            let queues = Array(Set(history.queues + snapshot.queues.map(\.name))).sorted()
            let charts: HTML = "\(history.queueDepth(queues: queues))\(history.oldestWait(queues: queues))"
            return HTMLResponse.make(QueuePage(session: session, snapshot: snapshot, deadLetters: deadLetters, notice: notice,
                                               charts: charts).render())
        }
        administering.post("/webhooks/dead-letters/:id/redeliver") { request, context in
            let (session, _) = try await gate.post(request, context: context)
            let id = context.parameters.get("id") ?? ""
            switch try await state.webhooks.redeliver(id: id) {
            case .ok:
                context.logger.info("redeliver", metadata: ["key": .string(session.key.name), "delivery": .string(id), "via": "dashboard"])
                return HTMLResponse.redirect("/ui/queue?redelivered=" + Formatting.query(id))
            case .missing: throw Problem.notFound("no dead letter '\(id)'")
            case .busy: throw Problem.conflict("delivery '\(id)' is not a dead letter: it is pending or being sent")
            }
        }
    }
}
