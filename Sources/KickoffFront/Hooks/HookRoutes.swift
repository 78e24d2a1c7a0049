import Hummingbird
import KickoffModel
import KickoffStore

/// `POST /v1/hooks/{source}` (open: the provider's signature is the credential), and the read side
/// (scope `read`): `GET /v1/sources` and `GET /v1/sources/{name}/deliveries?limit=`.
struct HookRoutes {
    let state: FrontState

    func register(on router: Router<FrontRequestContext>) {
        let service = HookService(state: state)
        router.post("/v1/hooks/:source") { request, context in
            try await service.handle(sourceName: context.parameters.get("source") ?? "", request: request, context: context)
        }
    }

    func registerReading(on group: RouterGroup<AuthenticatedContext>) {
        group.get("/v1/sources") { _, _ in
            let sources = state.pipelines.sources
            let counts = try await state.store.hooks.counts(sources: sources.map(\.name))
            let items = sources.map { source in
                source.jsonValue(configured: state.configuration.sourceSecrets[source.name] != nil, counts: counts[source.name] ?? [:])
            }
            return JSONResponse.make(json: .object(["sources": .array(items)]))
        }
        group.get("/v1/sources/:name/deliveries") { request, context in
            let name = context.parameters.get("name") ?? ""
            guard state.pipelines.source(named: name) != nil else {
                throw Problem.notFound("no source '\(name.prefix(64))'")
            }
            let limit = try WebhookRoutes.limit(request.query("limit"))
            let deliveries = try await state.store.hooks.deliveries(source: name, limit: limit)
            return JSONResponse.make(json: .object(["source": .string(name), "deliveries": .array(deliveries.map(\.jsonValue))]))
        }
    }
}
