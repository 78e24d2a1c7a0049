import KickoffModel
import RedisClient

extension RunStore {
    /// Runs `call`; for a `WakeReporting` variant (a cancel that freed a concurrency slot), wakes
    /// the queues it reports and returns the script's own answer.
    func runPassingWakesOn(_ call: ScriptCall) async throws(StoreError) -> RedisReply {
        try await passWakesOn(client.run(call), of: call)
    }

    /// `runPassingWakesOn` for a call that waits for the configured replicas (an enqueue).
    func runAcknowledgedPassingWakesOn(_ call: ScriptCall) async throws(StoreError) -> RedisReply {
        try await passWakesOn(client.runAcknowledged(call), of: call)
    }

    private func passWakesOn(_ reply: RedisReply, of call: ScriptCall) async throws(StoreError) -> RedisReply {
        guard call.reportsWakes else { return reply }
        let (answer, queues) = try StoreError.decoding { () throws(RedisError) in try WakeReporting.split(reply, script: call.script.name) }
        // Best effort, as the script's work is done: a worker that misses it finds the runs at its
        // next claim (at most its idle wait later).
        if let wake = operations.partitionWake(queues: queues) { _ = try? await client.run(wake) }
        return answer
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
