import Hummingbird
import KickoffModel
import KickoffStore

/// `GET /v1/schedules` (scope `read`): the file's schedules, their next fire times, their state.
struct ScheduleRoutes {
    let state: FrontState

    func register(on group: RouterGroup<AuthenticatedContext>) {
        group.get("/v1/schedules") { _, _ in
            let store = state.store.schedules
            let names = state.pipelines.pipelines.flatMap { $0.schedules.map(\.name) }
            let states = try await store.states(names)
            let leader = try await store.leader()
            let now = try await state.store.time()
            let shown = leader.holder.map { ScheduleList.Leader(holder: $0, epoch: leader.epoch, lease_left_ms: leader.leaseLeft) }
            return try JSONResponse.make(ScheduleList(pipelines: state.pipelines, states: states, now: now, leader: shown))
        }
    }
}
