import Hummingbird
import KickoffModel
import KickoffStore
import Logging

/// `GET /ui/runs` (the list), `GET /ui/runs/{id}` (one run), and its actions (scope `trigger`):
/// `POST /ui/runs/{id}/cancel`, `POST /ui/runs/{id}/retry` (a new run with the same pipeline,
/// parameters, tags and priority), `POST /ui/runs/{id}/retry-from-failed` (one that starts at the
/// failed step, reusing the steps before it).
struct DashboardRunRoutes {
    let state: FrontState
    let gate: DashboardGate

    func register(on group: RouterGroup<FrontRequestContext>) {
        let reading = gate.signedIn(group, needing: .read)
        let triggering = gate.signedIn(group, needing: .trigger, limitedBy: state.rateLimiter)
        reading.get("/runs") { request, context in
            let session = context.session
            var query = try RunListQuery(request: request)
            let tag = request.query("tag").flatMap { $0.isEmpty ? nil : $0 }
            query.tag = tag
            // Before the runs: a run created in between is then news to the page's stream, not lost.
            let newest = try await state.runs.newestRunID()
            let page = try await RunLister(state: state).page(query)
            let status = query.statuses?.count == 1 ? query.statuses?.first : nil
            let filter = RunListFilter(pipeline: query.pipeline, status: status, tag: tag, sort: query.sort)
            let outputs = query.pipeline.flatMap { state.pipelines.pipeline(named: $0)?.display.outputs } ?? []
            return HTMLResponse.make(RunListPage(session: session, pipelines: state.pipelines.names, filter: filter, outputs: outputs,
                                                 records: page.records, nextCursor: page.nextCursor, newest: newest,
                                                 now: Formatting.nowMilliseconds()).render())
        }
        reading.get("/runs/:id") { request, context in
            let session = context.session
            let stored = try await state.run(id: context.parameters.get("id") ?? "")
            let record = try await state.runs.explainingWaits([stored]).first ?? stored
            let logs = try await state.runs.logs(id: record.id)
            // Webhooks are recorded when a run ends: before that there are none to read.
            let deliveries = if record.status.isFinal { try await state.webhooks.deliveries(runID: record.id) } else { [WebhookAttempt]() }
            return HTMLResponse.make(RunPage(session: session, record: record, pipeline: state.pipelines.pipeline(named: record.pipeline),
                                             logs: logs, deliveries: deliveries, now: Formatting.nowMilliseconds()).render())
        }
        triggering.post("/runs/:id/cancel") { request, context in
            let (session, _) = try await gate.post(request, context: context)
            let id = context.parameters.get("id") ?? ""
            guard RunID.isValid(id) else { throw Problem.notFound("no run '\(id)'") }
            switch try await state.runs.cancel(id: id) {
            case .missing:
                throw Problem.notFound("no run '\(id)'")
            case .finished:
                throw Problem.conflict("run \(id) has already finished; there is nothing to cancel")
            case .canceled, .cancelRequested:
                context.logger.info("cancel", metadata: ["key": .string(session.key.name), "run_id": .string(id), "via": "dashboard"])
                return HTMLResponse.redirect("/ui/runs/\(id)")
            }
        }
        triggering.post("/runs/:id/retry") { request, context in
            _ = try await gate.post(request, context: context)
            let record = try await state.run(id: context.parameters.get("id") ?? "")
            var retry = TriggerRequest()
            // Optional parameters that had no value are stored as null: leave them out again.
            retry.values.steps = record.parameters.mapValues { $0.filter { $0.value != .null } }
            retry.tags = record.tags
            retry.priority = record.priority
            retry.callbackURL = record.callbackURL
            retry.trigger = RunTrigger(kind: .retry, name: record.id)
            let outcome = try await TriggerService(state: state).trigger(pipelineName: record.pipeline, request: retry, fieldErrors: [], body: [],
                                                                         route: "ui-retry:" + record.pipeline, headers: [:], context: context)
            return HTMLResponse.redirect("/ui/runs/\(outcome.record.id)")
        }
        // A new run that starts at the failed step, the steps before it reused (`POST /v1/runs/{id}/retry`).
        triggering.post("/runs/:id/retry-from-failed") { request, context in
            let (session, _) = try await gate.post(request, context: context)
            let original = try await state.run(id: context.parameters.get("id") ?? "")
            let (record, fromStep) = try await RetryService(state: state).retry(original, request: RetryRequest())
            context.logger.info("retry", metadata: ["key": .string(session.key.name), "retry_of": .string(original.id),
                                                    "run_id": .string(record.id), "from": .string(fromStep), "via": "dashboard"])
            return HTMLResponse.redirect("/ui/runs/\(record.id)")
        }
    }
}
