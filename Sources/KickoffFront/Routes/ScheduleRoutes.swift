import Hummingbird
import KickoffModel
import KickoffStore
import RedisClient

/// `GET /v1/schedules` (scope `read`): the file's schedules, their next fire times, their state.
struct ScheduleRoutes {
    let state: FrontState

    func register(on group: RouterGroup<AuthenticatedContext>) {
        group.get("/v1/schedules") { _, _ in
            let store = SchedulerStore(client: state.client, operations: state.runs.operations)
            let names = state.pipelines.pipelines.flatMap { $0.schedules.map(\.name) }
            let states = try await store.states(names)
            let leader = try await store.leader()
            let time = try await state.client.send(RedisCommand("TIME"))
            let now = Self.milliseconds(time)
            let shown = leader.holder.map { ScheduleList.Leader(holder: $0, epoch: leader.epoch, lease_left_ms: leader.leaseLeft) }
            return try JSONResponse.make(ScheduleList(pipelines: state.pipelines, states: states, now: now, leader: shown))
        }
    }

    /// TIME's `[seconds, microseconds]` as Unix milliseconds.
    static func milliseconds(_ reply: RedisReply) -> Int64 {
        let parts = reply.array ?? []
        let seconds = parts.first?.string.flatMap { Int64($0) } ?? 0
        let micros = parts.dropFirst().first?.string.flatMap { Int64($0) } ?? 0
        return seconds * 1000 + micros / 1000
    }
}
