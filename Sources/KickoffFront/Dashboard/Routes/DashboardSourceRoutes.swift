import Hummingbird
import KickoffModel
import KickoffStore

/// `GET /ui/sources` (scope `read`, as `GET /v1/sources`).
struct DashboardSourceRoutes {
    let state: FrontState
    let gate: DashboardGate

    func register(on group: RouterGroup<FrontRequestContext>) {
        let reading = gate.signedIn(group, needing: .read)
        reading.get("/sources") { _, context in
            let sources = state.pipelines.sources
            let counts = try await state.store.hooks.counts(sources: sources.map(\.name))
            var deliveries: [String: [HookDeliveryRecord]] = [:]
            for source in sources {
                deliveries[source.name] = try await state.store.hooks.deliveries(source: source.name, limit: 20)
            }
            let configured = Set(state.configuration.sourceSecrets.keys)
            return HTMLResponse.make(SourcesPage(session: context.session, sources: sources, configured: configured, counts: counts,
                                                 deliveries: deliveries).render())
        }
    }
}
