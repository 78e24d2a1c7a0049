import Hummingbird
import KickoffModel

/// `GET /ui/pipelines` and the trigger form's `POST /ui/pipelines/{name}/runs` (scope `trigger`):
/// the form becomes a trigger body and goes through `TriggerService` like the API's; a refused
/// trigger shows the form again with each field's error (422).
struct DashboardPipelineRoutes {
    let state: FrontState
    let gate: DashboardGate

    func register(on group: RouterGroup<FrontRequestContext>) {
        let reading = gate.signedIn(group, needing: .read)
        let triggering = gate.signedIn(group, needing: .trigger, limitedBy: state.rateLimiter)
        reading.get("/pipelines") { _, context in
            let session = context.session
            let history = try await DashboardCharts.lastHour(state)
            var charts: [String: HTML] = [:]
            for (index, pipeline) in pipelines.enumerated() {
                let runs = history.runs(pipeline: pipeline.name, id: "chart-runs-" + String(index))
                let durations = history.durations(pipeline: pipeline.name, id: "chart-duration-" + String(index))
                charts[pipeline.name] = "\(runs)\(durations)"
            }
            return HTMLResponse.make(PipelinesPage(session: session, pipelines: pipelines, charts: charts).render())
        }
        triggering.post("/pipelines/:name/runs") { request, context in
            let (session, form) = try await gate.post(request, context: context)
            let name = context.parameters.get("name") ?? ""
            let pipeline = try state.pipeline(named: name)
            let submitted = TriggerForm(pipeline: name, form: form)
            let (json, typeErrors) = submitted.body(for: pipeline)
            let body = Array(json.jsonString().utf8)
            do {
                let (parsed, errors) = try TriggerRequest.parse(body)
                let outcome = try await TriggerService(state: state).trigger(pipelineName: name, request: parsed, fieldErrors: typeErrors + errors,
                                                                             body: body, route: "ui:" + name, headers: [:], context: context)
                return HTMLResponse.redirect("/ui/runs/\(outcome.record.id)")
            } catch let problem as Problem where problem.status == .unprocessableContent {
                let page = PipelinesPage(session: session, pipelines: pipelines, submitted: submitted, errors: problem.errors)
                return HTMLResponse.make(page.render(), status: .unprocessableContent)
            }
        }
    }

    private var pipelines: [Pipeline] {
        state.pipelines.names.compactMap { state.pipelines.pipeline(named: $0) }
    }
}
