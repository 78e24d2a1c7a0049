import Hummingbird
import KickoffModel
import Logging

/// `POST /v1/runs/{id}/retry` (scope `trigger`): a new run of a finished one, starting at its failed
/// step (or `from`), the steps before it reused with their outputs and artifacts.
struct RetryRoutes {
    let state: FrontState

    func register(on group: RouterGroup<AuthenticatedContext>) {
        group.post("/v1/runs/:id/retry") { request, context in
            let original = try await state.run(id: context.parameters.get("id") ?? "")
            let parsed = try RetryRequest.parse(try await request.bodyBytes(context: context))
            let (record, fromStep) = try await RetryService(state: state).retry(original, request: parsed)
            context.logger.info("retry", metadata: [
                "key": .string(context.key.name), "pipeline": .string(record.pipeline), "retry_of": .string(original.id),
                "run_id": .string(record.id), "from": .string(fromStep), "client": .string(context.clientAddress),
            ])
            let object = RunObject(record: record)
            return JSONResponse.make(json: object.jsonValue, status: .accepted, headers: [.location: object.links.`self`])
        }
    }
}
