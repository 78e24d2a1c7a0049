import Foundation
import KickoffModel
import RedisClient

/// The worker's face of partitions (`RunPartitions`, N > 1): a claim looks at every partition,
/// starting one further each time (a partition with runs is looked at within N claims: none
/// starves), and news of runs left in line goes to the namespace's wake-up lists, where idle
/// workers wait (`PartitionScripts`).
extension WorkerQueue {
    func claimAcrossPartitions(worker: String, lease: Duration, startFirstStep: Bool, queues: [String],
                               pipelines: [String]?) throws(KickoffQueueError) -> ClaimedRun? {
        let count = operations.keys.partitions.count
        let start = nextPartition % count
        nextPartition = (start + 1) % count
        for step in 0..<count {
            let partition = (start + step) % count
            let token = RunID.make()
            let call = operations.claim(worker: worker, token: token, lease: lease, startFirstStep: startFirstStep,
                                        queues: queues, pipelines: pipelines, partition: partition)
            let reply = try KickoffQueueError.wrap { () throws(RedisError) in
                try connection.run(call.script, keys: call.keys, arguments: call.arguments)
            }
            let record: RunRecord?
            do { record = try RunRecord(hash: reply) } catch { throw .record(error) }
            guard let record else { continue }
            nextPartition = (partition + 1) % count
            // The claim script signals its partition when more runs wait in the queue: pass it on.
            try KickoffQueueError.wrap { () throws(RedisError) in try wakeForRunsLeft(in: partition, queues: [record.queue]) }
            return ClaimedRun(record: record, token: token)
        }
        return nil
    }

    /// Maintenance of every partition after the namespace's own call (`result`, which holds or
    /// renewed the maintainer lease); idle workers are woken for the runs it put in line.
    func maintainPartitions(after result: MaintenanceResult, limit: Int, unreachableFor: Duration) throws(RedisError) -> MaintenanceResult {
        var total = result
        // Once a minute, each partition's queue samples for the history (presence samples only `{ns}`).
        let minute = Int64(Date().timeIntervalSince1970 / 60)
        let samples = minute != sampledMinute
        sampledMinute = minute
        for partition in operations.keys.partitions.all {
            if samples {
                let sample = operations.partitionSample(partition)
                _ = try connection.run(sample.script, keys: sample.keys, arguments: sample.arguments)
            }
            let call = operations.maintain(limit: limit, unreachableFor: unreachableFor, partition: partition)
            let part = try QueueReplies.maintenance(connection.run(call.script, keys: call.keys, arguments: call.arguments))
            total.promoted += part.promoted
            total.reclaimed += part.reclaimed
            total.failed += part.failed
            total.finished += part.finished
            if part.promoted + part.reclaimed > 0 { try wakeForRunsLeft(in: partition, queues: []) }
        }
        try deliverPendingHookRuns()  // what a front left between a hook delivery's two steps
        return total
    }

    /// One wake-up on the namespace's list of each of `queues` (empty: any queue) that has runs in
    /// line in `partition`.
    func wakeForRunsLeft(in partition: Int, queues: [String]) throws(RedisError) {
        let waiting = operations.partitionWaiting(partition, queues: queues)
        let names = try connection.run(waiting.script, keys: waiting.keys, arguments: waiting.arguments).array?.compactMap(\.string) ?? []
        guard let wake = operations.partitionWake(queues: names) else { return }
        _ = try connection.run(wake.script, keys: wake.keys, arguments: wake.arguments)
    }
}
