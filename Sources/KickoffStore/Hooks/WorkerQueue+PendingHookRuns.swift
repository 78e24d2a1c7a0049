import KickoffModel
import RedisClient

/// The durable half of a hook delivery's two steps with partitions (`HookStore+Partitions`): the
/// runs a front kept pending and did not enqueue (it died in between, or its enqueue failed) are
/// enqueued by the elected maintainer at its next round, after the partitions' maintenance
/// (`maintainPartitions`, about once a second). A run that exists already (the front got there
/// first) is refused by `hook_enqueue`: never twice.
extension WorkerQueue {
    func deliverPendingHookRuns() throws(RedisError) {
        let keys = operations.keys
        let pending = try connection.send(RedisCommand("HGETALL", keys.hooksPending)).hashFields
        guard !pending.isEmpty else { return }
        var finished: [String] = []
        var queues: Set<String> = []
        for (id, kept) in pending.sorted(by: { $0.key < $1.key }) {
            guard let run = PendingRun(id: id, kept: kept) else {
                finished.append(id)  // unreadable: never enqueueable
                continue
            }
            let call = operations.hookEnqueue(run)
            do {
                let answer = try connection.runAwaitingReplicas(call.script, keys: call.keys, arguments: call.arguments)
                // Not confirmed by the replicas: the entry stays, so that a failover losing the run
                // still finds it next round (which the enqueue refuses if the run survived).
                guard answer.notReplicated == nil else { continue }
                if try QueueReplies.enqueued(answer.reply).status == .queued { queues.insert(run.queue) }
            } catch where PendingRun.alreadyEnqueued(error.description) {
                // Enqueued before: the entry only has to go.
            }
            finished.append(id)
        }
        if let wake = operations.partitionWake(queues: queues.sorted()) {
            _ = try connection.run(wake.script, keys: wake.keys, arguments: wake.arguments)
        }
        guard !finished.isEmpty else { return }
        _ = try connection.send(RedisCommand("HDEL", ([keys.hooksPending] + finished).map { $0 as any RedisArgumentConvertible }))
    }
}
