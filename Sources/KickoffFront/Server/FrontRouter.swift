import Hummingbird
import KickoffModel
import KickoffStore

/// Builds the router: the problem middleware around everything, the open routes, then the
/// routes of each scope behind `APIKeyMiddleware`, whose handlers get an `AuthenticatedContext`.
enum FrontRouter {
    static func make(state: FrontState) -> Router<FrontRequestContext> {
        let router = Router(context: FrontRequestContext.self)
        let routeIndex = RouteIndex()
        // First: Hummingbird applies a middleware only to routes added after it (and to "not found").
        // Outermost, so that problem documents get the header as well.
        if state.servesTLS { router.add(middleware: StrictTransportSecurityMiddleware()) }
        router.add(middleware: NoSniffMiddleware())
        router.add(middleware: ProblemMiddleware(routes: routeIndex, metrics: state.metrics, bodyLimit: state.configuration.bodyLimit))
        HealthRoutes(state: state).register(on: router)
        // Inbound hooks carry no API key: each source's signature is its credential.
        HookRoutes(state: state).register(on: router)

        let reading = router.authenticated(by: keyMiddleware(.read, state))
        PipelineRoutes(state: state).register(on: reading)
        RunRoutes(state: state).registerReading(on: reading)
        EventRoutes(state: state).register(on: reading)
        ScheduleRoutes(state: state).register(on: reading)
        QueueRoutes(state: state).register(on: reading)
        FleetRoutes(state: state).register(on: reading)
        HookRoutes(state: state).registerReading(on: reading)

        // The two trigger routes check a remembered key in the enqueue script itself (one round trip).
        // Not with partitions: the keys are on the namespace's tag, the run on its partition's.
        var deferring = keyMiddleware(.trigger, state)
        deferring.defersCheck = state.store.keys.partitions.isSingle
        TriggerRoutes(state: state).register(on: router.authenticated(by: deferring))
        let triggering = router.authenticated(by: keyMiddleware(.trigger, state))
        InvokeRoutes(state: state).register(on: triggering)
        RunRoutes(state: state).registerCanceling(on: triggering)
        RetryRoutes(state: state).register(on: triggering)

        let administering = router.authenticated(by: keyMiddleware(.admin, state))
        WebhookRoutes(state: state).register(on: administering)
        PurgeRoutes(state: state).register(on: administering)

        // HTML pages under /ui, signed in with a session cookie rather than a key header.
        Dashboard.register(on: router, state: state)

        routeIndex.fill(from: router.routes)
        return router
    }

    /// Reads take from their own bucket: a caller polling its runs never runs out of triggers.
    private static func keyMiddleware(_ scope: APIKeyScope, _ state: FrontState) -> APIKeyMiddleware {
        APIKeyMiddleware(scope: scope, keys: state.keys, rateLimiter: scope == .read ? state.readRateLimiter : state.rateLimiter)
    }
}
