import Hummingbird
import KickoffModel
import KickoffStore

/// `GET /v1/queues` (scope `read`): each named queue (those of the front's pipeline file and every
/// queue that has had a run or a worker): runs waiting per priority, the oldest wait, live workers
/// serving it, runs running; and how many runs are not claimable yet, per reason.
struct QueueRoutes {
    let state: FrontState

    func register(on group: RouterGroup<AuthenticatedContext>) {
        group.get("/v1/queues") { _, _ in
            let stats = try await state.runs.queueStats()
            return JSONResponse.make(json: Self.json(stats, pipelines: state.pipelines))
        }
    }

    static func json(_ stats: QueueStats, pipelines: PipelineFile) -> JSONValue {
        var named = Dictionary(uniqueKeysWithValues: stats.named.map { ($0.name, $0) })
        for pipeline in pipelines.pipelines where named[pipeline.queue] == nil {
            named[pipeline.queue] = QueueStats.NamedQueue(name: pipeline.queue, workers: 0, running: 0, priorities: [:])
        }
        let queues: [JSONValue] = named.keys.sorted().compactMap { name in
            guard let queue = named[name] else { return nil }
            let depths = Dictionary(uniqueKeysWithValues: RunPriority.allCases.map {
                ($0.rawValue, JSONValue.integer(Int64(queue.priorities[$0]?.length ?? 0)))
            })
            let holders = pipelines.pipelines.filter { $0.queue == name }.map { JSONValue.string($0.name) }
            return .object([
                "name": .string(name),
                "depth": .integer(Int64(queue.depth)),
                "depth_by_priority": .object(depths),
                "oldest_waiting_seconds": queue.oldestAge.map { .number(Double($0.milliseconds) / 1000) } ?? .null,
                "workers": .integer(Int64(queue.workers)),
                "running": .integer(Int64(queue.running)),
                "pipelines": .array(holders),
            ])
        }
        let waiting = stats.waiting
        return .object([
            "queues": .array(queues),
            "waiting": .object(Dictionary(uniqueKeysWithValues: RunWait.Reason.allCases.map {
                ($0.rawValue, JSONValue.integer(Int64(waiting[$0] ?? 0)))
            })),
            "scheduled": .integer(Int64(stats.scheduled)),
            "running": .integer(Int64(stats.running)),
        ])
    }
}
