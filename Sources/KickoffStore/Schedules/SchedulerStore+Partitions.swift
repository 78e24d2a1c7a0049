import KickoffModel
import RedisClient

/// Schedules with partitions (N > 1): the schedule's state and the leader's fencing are on the
/// namespace's tag, the run on its partition's, so a tick is fired in two steps (`firePending`):
/// recorded with its run kept pending, then enqueued. A run left pending (its process died in
/// between) is enqueued by the next leader's round (`deliverPending`): late, not lost, not twice
/// (the enqueue refuses an id that exists).
extension SchedulerStore {
    func firePartitioned(token: String, epoch: Int64, schedule: String, tick: Int64, run: NewRun?) async throws(StoreError) -> FireResult {
        let run = run?.placed(in: keys.partitions)
        let kept = run.map { PendingRun($0).kept } ?? ""
        let reply = try await client.run(ScheduleScripts.firePending,
                                         keys: [keys.schedulerLeader, keys.schedulerEpoch, keys.schedule(schedule), keys.schedulesPending],
                                         arguments: [token, String(epoch), String(tick), run == nil ? "skip" : "fire", run?.id ?? "", kept])
        let result = try Self.fireResult(reply, runID: run?.id ?? "", tick: tick)
        if case .fired = result { try await deliverPending() }
        return result
    }

    /// Enqueues every run a fired tick left pending, each in its partition, and wakes the idle workers.
    public func deliverPending() async throws(StoreError) {
        guard !keys.partitions.isSingle else { return }
        let pending = try await client.send(RedisCommand("HGETALL", keys.schedulesPending)).hashFields
        for (id, kept) in pending.sorted(by: { $0.key < $1.key }) {
            guard let run = PendingRun(id: id, kept: kept) else {
                _ = try await client.send(RedisCommand("HDEL", keys.schedulesPending, id))  // unreadable: never enqueueable
                continue
            }
            do {
                let reply = try await client.runAcknowledged(operations.enqueueKept(run))
                if reply.array?.first?.string == RunStatus.queued.rawValue,
                   let wake = operations.partitionWake(queues: [run.queue]) { _ = try? await client.run(wake) }
            } catch where PendingRun.alreadyEnqueued(error.description) {
                // Enqueued before (the previous try's answer was lost): nothing more to do.
            }
            _ = try await client.send(RedisCommand("HDEL", keys.schedulesPending, id))
        }
    }
}

extension QueueOperations {
    /// The enqueue of a run kept as its pipeline and record fields (`SchedulerStore.deliverPending`).
    func enqueueKept(_ run: PendingRun) -> ScriptCall {
        let keys = self.keys.forRun(run.id)
        return ScriptCall(script: QueueScripts.enqueue,
                          keys: [keys.run(run.id), keys.queue(.normal), keys.delayed, keys.runsIndex, keys.pipelineIndex(run.pipeline), keys.signal,
                                 keys.apiKeys, keys.apiKeys],
                          arguments: [keys.prefix, run.id, "0", retentionSeconds, "", "", "", ""] + run.fields)
    }
}
