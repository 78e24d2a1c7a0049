import KickoffModel
import KickoffStore
import KickoffTestSupport

/// Runs for the flow-control tests: a pipeline `demo` with one step `a`, in a queue, a fairness
/// group, with concurrency slots or a debounce.
extension QueueFixture {
    func flowRun(pipeline: String = "demo", queue: String = Pipeline.defaultQueue, group: String = "", model: String? = nil, limit: Int = 1,
                 onLimit: ConcurrencyRule.OnLimit = .queue, debounce: DebounceSlot? = nil, value: Int = 1) -> NewRun {
        var run = NewRun(pipeline: pipeline, parameters: ["a": ["model": model.map(JSONValue.string) ?? .null, "value": .integer(Int64(value))]],
                         stepNames: ["a"])
        run.queue = queue
        run.fairness = group
        if let model { run.concurrency = [ConcurrencySlot(slot: "\(pipeline):0:\(model)", key: model, limit: limit, onLimit: onLimit)] }
        run.debounce = debounce
        return run
    }

    /// Claims for `worker` from `queues` (pipelines: any unless given); nil when nothing may be claimed.
    func claim(_ queues: [String] = [Pipeline.defaultQueue], pipelines: [String]? = nil, worker: String = "w") async throws -> ClaimedRun? {
        try await blocking { try $0.claim(worker: worker, lease: .seconds(30), queues: queues, pipelines: pipelines) }
    }

    func succeed(_ claimed: ClaimedRun) async throws {
        try await blocking { _ = try $0.finish(claimed, status: .succeeded, outputs: nil, error: nil) }
    }
}
