import Hummingbird
import KickoffModel

/// `POST /v1/pipelines/{name}/runs` (the native trigger) and `POST /trigger` (the body shape of
/// ZenML's custom trigger API), scope `trigger`. Their group's middleware may leave the key check to
/// the enqueue script (`DeferredKeyCheck`): any other answer first confirms the key.
struct TriggerRoutes {
    let state: FrontState

    func register(on group: RouterGroup<AuthenticatedContext>) {
        let service = TriggerService(state: state)
        group.post("/v1/pipelines/:name/runs") { request, context in
            try await DeferredKeyCheck.confirmingOnError(context.deferredKeyCheck) {
                try await Self.native(request, context: context, service: service)
            }
        }
        group.post("/trigger") { request, context in
            try await DeferredKeyCheck.confirmingOnError(context.deferredKeyCheck) {
                try await Self.zenML(request, context: context, service: service)
            }
        }
    }

    private static func native(_ request: Request, context: AuthenticatedContext, service: TriggerService) async throws -> Response {
        let name = context.parameters.get("name") ?? ""
        let body = try await request.bodyBytes(context: context)
        let (parsed, errors) = try TriggerRequest.parse(body)
        let outcome = try await service.trigger(pipelineName: name, request: parsed, fieldErrors: errors, body: body,
                                                route: "runs:" + name, headers: request.headers, context: context)
        let run = RunObject(record: outcome.record)
        let status: HTTPResponse.Status = outcome.isNew ? .accepted : .ok
        var json = run.jsonValue
        if outcome.isDebounced, case .object(var fields) = json {
            fields["debounced"] = .bool(true)
            json = .object(fields)
        }
        return JSONResponse.make(json: json, status: status, headers: [.location: run.links.`self`])
    }

    private static func zenML(_ request: Request, context: AuthenticatedContext, service: TriggerService) async throws -> Response {
        let body = try await request.bodyBytes(context: context)
        let (parsed, errors) = try TriggerRequest.parse(body, withPipelineName: true)
        guard let name = parsed.pipelineName else { throw Problem.invalid(errors) }
        let outcome = try await service.trigger(pipelineName: name, request: parsed, fieldErrors: errors, body: body,
                                                route: "trigger", headers: request.headers, context: context)
        let id = outcome.record.id
        let status: HTTPResponse.Status = outcome.isNew ? .accepted : .ok
        var json = ZenMLAccepted(status: "accepted", runID: id, statusURL: "/v1/runs/\(id)").jsonValue
        if outcome.isDebounced, case .object(var fields) = json {
            fields["debounced"] = .bool(true)
            json = .object(fields)
        }
        return JSONResponse.make(json: json, status: status, headers: [.location: "/v1/runs/\(id)"])
    }
}

/// `{"status":"accepted","run_id","status_url"}`.
struct ZenMLAccepted: Encodable {
    var status: String
    var runID: String
    var statusURL: String

    enum CodingKeys: String, CodingKey {
        case status
        case runID = "run_id"
        case statusURL = "status_url"
    }

    var jsonValue: JSONValue {
        .object(["status": .string(status), "run_id": .string(runID), "status_url": .string(statusURL)])
    }
}
