import Hummingbird
import KickoffStore

/// The dashboard at `/ui`: server-rendered pages over the same stores as the API, signed in with
/// an API key (a session cookie), with a little JavaScript for live updates. Reading works
/// without JavaScript. Every route is under `/ui`, behind `DashboardMiddleware`.
enum Dashboard {
    static func register(on router: Router<FrontRequestContext>, state: FrontState) {
        let sessions = DashboardSessions(store: state.store.dashboardSessions, lifetime: DashboardSessions.defaultLifetime)
        let gate = DashboardGate(sessions: sessions)
        let group = router.group("/ui").add(middleware: DashboardMiddleware())
        DashboardLoginRoutes(state: state, sessions: sessions, gate: gate).register(on: group)
        DashboardRunRoutes(state: state, gate: gate).register(on: group)
        DashboardPipelineRoutes(state: state, gate: gate).register(on: group)
        DashboardQueueRoutes(state: state, gate: gate).register(on: group)
        DashboardSourceRoutes(state: state, gate: gate).register(on: group)
        DashboardFleetRoutes(state: state, gate: gate).register(on: group)
        DashboardEventRoutes(state: state, gate: gate).register(on: group)
        DashboardCompareRoutes(state: state, gate: gate).register(on: group)
        DashboardStaticRoutes().register(on: group)
    }
}
