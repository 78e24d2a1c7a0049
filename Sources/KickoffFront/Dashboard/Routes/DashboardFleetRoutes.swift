import Hummingbird
import KickoffModel
import KickoffStore

/// `GET /ui/overview` (where the dashboard opens), `GET /ui/workers` and `GET /ui/schedules` (scope
/// `read`, as `GET /v1/stats`, `/v1/workers` and `/v1/schedules`).
struct DashboardFleetRoutes {
    let state: FrontState
    let gate: DashboardGate

    func register(on group: RouterGroup<FrontRequestContext>) {
        let reading = gate.signedIn(group, needing: .read)
        reading.get("/overview") { _, context in
            let charts = try await DashboardCharts.lastHour(state)
            let workers = try await workerList()
            let queues = Array(Set(charts.queues + state.pipelines.pipelines.map(\.queue))).sorted()
            let pipelines = state.pipelines.names + charts.pipelines.filter { !state.pipelines.names.contains($0) }
            return HTMLResponse.make(OverviewPage(session: context.session, charts: charts, pipelines: pipelines, queues: queues,
                                                  workers: workers).render())
        }
        reading.get("/workers") { _, context in
            HTMLResponse.make(WorkersPage(session: context.session, list: try await workerList()).render())
        }
        reading.get("/schedules") { _, context in
            let names = state.pipelines.pipelines.flatMap { $0.schedules.map(\.name) }
            let states = try await state.store.schedules.states(names)
            let leader = try await state.store.schedules.leader()
            let now = try await state.store.time()
            let shown = leader.holder.map { ScheduleList.Leader(holder: $0, epoch: leader.epoch, lease_left_ms: leader.leaseLeft) }
            let list = ScheduleList(pipelines: state.pipelines, states: states, now: now, leader: shown)
            return HTMLResponse.make(SchedulesPage(session: context.session, list: list).render())
        }
    }

    private func workerList() async throws -> WorkerList {
        let records = try await state.store.fleet.workers()
        return WorkerList(records: records, frontDigest: state.pipelines.digest, now: try await state.store.time())
    }
}

/// The history the pages chart: the last hour, up to the current minute.
enum DashboardCharts {
    static func lastHour(_ state: FrontState) async throws -> HistoryCharts {
        let now = try await state.store.time()
        let to = (now / 60_000 + 1) * 60_000, from = to - 3_600_000
        return HistoryCharts(minutes: try await state.store.fleet.history(since: from, until: now), from: from, to: to)
    }
}
