public import KickoffModel
import RedisClient

/// Inbound hooks with partitions (N > 1): a delivery's id, stream and counters are on the
/// namespace's tag, its runs on their partitions' (a run of a pipeline with concurrency or
/// debounce rules on its pipeline's), so a delivery is accepted in two steps, as a schedule's tick
/// is fired: `recordPending` de-duplicates it and keeps its runs in `{ns}:hooks:pending`, then each
/// run is enqueued in its partition and its entry removed (`deliver`), before the front answers.
/// A front that dies in between leaves entries: the elected maintainer enqueues them at its next
/// round (`WorkerQueue.deliverPendingHookRuns`, about a second), and a redelivery of the same id
/// does it at once. Never twice: `hook_enqueue` refuses a run that exists.
extension HookStore {
    func acceptPartitioned(source: String, deliveryID: String, event: String?, runs: [NewRun]) async throws(StoreError) -> Acceptance {
        let acceptance = try await recordPending(source: source, deliveryID: deliveryID, event: event, runs: runs)
        switch acceptance {
        case .created(let kept):
            let stored = try await deliver(runs.map { PendingRun($0) })
            return .created(runs: zip(runs, kept).map { run, record in
                stored[run.id].map { run.record(status: $0.status, createdAt: $0.createdAt) } ?? record
            })
        case .duplicate(let ids, _):
            // Runs a front left pending (it died before enqueueing them) are enqueued now; else the
            // maintainer does it at its next round, so a failure here changes nothing of the answer.
            _ = try? await deliverPending(ids: ids)
            return acceptance
        case .filtered:
            return acceptance
        }
    }

    /// The first of `accept`'s two steps with partitions: the delivery de-duplicated and recorded,
    /// its runs (placed in their partitions) kept pending, not yet enqueued. Public for the tests
    /// that play a front dying between the two steps; `accept` is what a front calls.
    public func recordPending(source: String, deliveryID: String, event: String?, runs: [NewRun]) async throws(StoreError) -> Acceptance {
        let runs = runs.map { $0.placed(in: keys.partitions) }
        let callKeys = [keys.hookDelivery(source: source, deliveryID: deliveryID), keys.hookDeliveries(source: source),
                        keys.hookCounts(source: source), keys.hooksPending]
        let arguments = [String(Self.window.milliseconds), deliveryID, event ?? "", runs.isEmpty ? "filtered" : "created", String(Self.kept)]
            + runs.flatMap { [$0.id, PendingRun($0).kept] }
        let reply = try await client.runAcknowledged(ScriptCall(script: HookScripts.acceptPending, keys: callKeys, arguments: arguments))
        return try Self.acceptance(reply, runs: runs, script: "hook_accept_pending")
    }

    /// Enqueues each run in its partition, wakes the idle workers of their queues, then removes
    /// their pending entries. Returns what each enqueue stored; a run enqueued before is left out.
    /// An enqueue that fails throws with every entry still pending (the maintainer finishes them).
    func deliver(_ pending: [PendingRun]) async throws(StoreError) -> [String: (status: RunStatus, createdAt: Int64)] {
        var stored: [String: (status: RunStatus, createdAt: Int64)] = [:]
        var queues: Set<String> = []
        for run in pending {
            do {
                let reply = try await client.runAcknowledged(operations.hookEnqueue(run))
                let (status, createdAt) = try StoreError.decoding { () throws(RedisError) in try QueueReplies.enqueued(reply) }
                stored[run.id] = (status, createdAt)
                if status == .queued { queues.insert(run.queue) }
            } catch where PendingRun.alreadyEnqueued(error.description) {
                // Enqueued before (by the maintainer, a redelivery, or a try whose answer was lost).
            }
        }
        if let wake = operations.partitionWake(queues: queues.sorted()) { _ = try? await client.run(wake) }
        if !pending.isEmpty {
            // Best effort: an entry left behind is found by the maintainer, whose enqueue then refuses it.
            _ = try? await client.send(RedisCommand("HDEL", ([keys.hooksPending] + pending.map(\.id)).map { $0 as any RedisArgumentConvertible }))
        }
        return stored
    }

    /// Enqueues those of `ids` still pending (a redelivery of a delivery whose front died).
    func deliverPending(ids: [String]) async throws(StoreError) {
        guard !ids.isEmpty else { return }
        let reply = try await client.send(RedisCommand("HMGET", ([keys.hooksPending] + ids).map { $0 as any RedisArgumentConvertible }))
        let kept = zip(ids, reply.array ?? []).compactMap { id, value in value.string.map { (id, $0) } }
        guard !kept.isEmpty else { return }
        let readable = kept.compactMap { PendingRun(id: $0.0, kept: $0.1) }
        let unreadable = kept.map { $0.0 }.filter { id in !readable.contains { $0.id == id } }
        if !unreadable.isEmpty { _ = try await client.send(RedisCommand("HDEL", ([keys.hooksPending] + unreadable).map { $0 as any RedisArgumentConvertible })) }
        _ = try await deliver(readable)
    }
}
