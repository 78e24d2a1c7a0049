import Foundation
import KickoffModel
import RedisClient

/// The worker's face of partitions (`RunPartitions`, N > 1): a claim looks at every partition,
/// starting one further each time (a partition with runs is looked at within N claims: none
/// starves), and news of runs left in line goes to the namespace's wake-up lists, where idle
/// workers wait (`WakeReporting`).
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
            // The claim reports its queue when it left runs in line there: they are passed on.
            let reply = try KickoffQueueError.wrap { () throws(RedisError) in try run(call) }
            let record: RunRecord?
            do { record = try RunRecord(hash: reply) } catch { throw .record(error) }
            guard let record else { continue }
            nextPartition = (partition + 1) % count
            return ClaimedRun(record: record, token: token)
        }
        return nil
    }

    /// Maintenance of every partition after the first call (`result`, which holds or renewed the
    /// maintainer lease); idle workers are woken for the runs each call put in line (`WakeReporting`).
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
            let part = try QueueReplies.maintenance(run(call))
            total.promoted += part.promoted
            total.reclaimed += part.reclaimed
            total.failed += part.failed
            total.finished += part.finished
        }
        try deliverPendingHookRuns()  // what a front left between a hook delivery's two steps
        return total
    }
}
