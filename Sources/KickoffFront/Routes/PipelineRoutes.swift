import Hummingbird
import KickoffModel

/// `GET /v1/pipelines` and `GET /v1/pipelines/{name}` (scope `read`).
struct PipelineRoutes {
    let state: FrontState

    func register(on group: RouterGroup<AuthenticatedContext>) {
        group.get("/v1/pipelines") { _, _ in
            try JSONResponse.make(PipelineList(state.pipelines))
        }
        group.get("/v1/pipelines/:name") { _, context in
            let pipeline = try state.pipeline(named: context.parameters.get("name") ?? "")
            return try JSONResponse.make(PipelineDescription(pipeline))
        }
    }
}
