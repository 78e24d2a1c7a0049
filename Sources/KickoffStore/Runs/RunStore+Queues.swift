public import KickoffModel
import RedisClient

extension RunStore {
    /// Live workers serving each of `queues` (a queue none serves maps to 0).
    public func liveWorkers(queues: [String]) async throws(StoreError) -> [String: Int] {
        guard !queues.isEmpty else { return [:] }
        let keys = operations.keys
        let reply = try await client.run(ScriptCall(script: QueueScripts.queueWorkers, keys: queues.map { keys.workers(queue: $0) }, arguments: []))
        let counts = reply.array?.map { Int($0.int ?? 0) } ?? []
        return Dictionary(zip(queues, counts + Array(repeating: 0, count: max(0, queues.count - counts.count))), uniquingKeysWith: { $1 })
    }

    /// `records` with `waiting_for: no_worker` on each queued run that nothing else holds back and
    /// whose queue no live worker serves.
    public func explainingWaits(_ records: [RunRecord]) async throws(StoreError) -> [RunRecord] {
        let open = records.filter { $0.status == .queued && $0.waitingFor == nil }
        guard !open.isEmpty else { return records }
        let workers = try await liveWorkers(queues: Array(Set(open.map(\.queue))).sorted())
        return records.map { record in
            guard record.status == .queued, record.waitingFor == nil, workers[record.queue] ?? 0 == 0 else { return record }
            var explained = record
            explained.waitingFor = RunWait(reason: .noWorker, queue: record.queue)
            return explained
        }
    }
}
