import KickoffModel
import RedisClient

extension RunStore {
    /// With partitions (N > 1): one wake-up on the namespace's list of `queue`, where idle workers
    /// wait (`PartitionScripts`), after a run entered a partition's line. Best effort: a worker that
    /// misses it finds the run at its next claim (at most its idle wait later).
    func wakeAcrossPartitions(queue: String) async {
        guard !operations.keys.partitions.isSingle, let wake = operations.partitionWake(queues: [queue]) else { return }
        _ = try? await client.run(wake)
    }

    /// `commands`, each sent with the others of its partition as one pipeline (on a cluster, to its
    /// slot's primary), answered in the order given. One pipeline with one partition.
    func pipelineByPartition(_ commands: [(partition: Int, command: RedisCommand)]) async throws(StoreError) -> [RedisReply] {
        guard !operations.keys.partitions.isSingle else { return try await client.pipeline(commands.map(\.command)) }
        var replies = [RedisReply?](repeating: nil, count: commands.count)
        for partition in Set(commands.map(\.partition)).sorted() {
            let indexes = commands.indices.filter { commands[$0].partition == partition }
            let answers = try await client.pipeline(indexes.map { commands[$0].command })
            for (index, answer) in zip(indexes, answers) { replies[index] = answer }
        }
        return replies.map { $0 ?? .null }
    }
}
