public import KickoffModel
public import RedisClient

extension WorkerQueue {
    /// `run.resumed` for a run that picks up where it left off; `.stale` when the run is not ours.
    public func resume(_ run: ClaimedRun, plan: ResumePlan) throws(RedisError) -> ResumeResult {
        let call = operations.resume(id: run.record.id, token: run.token, plan: plan)
        let reply = try connection.run(call.script, keys: call.keys, arguments: call.arguments)
        return try QueueReplies.word(reply, "resume")
    }
}

public enum ResumeResult: String, Sendable, Hashable {
    case ok, stale
}

extension WorkerQueue {
    /// Each run's status and pipeline (nil: the run is gone, purged or expired), in one round trip.
    public func statuses(of ids: [String]) throws(RedisError) -> [(status: RunStatus?, pipeline: String?)?] {
        guard !ids.isEmpty else { return [] }
        let names = ["status", "pipeline"]
        let commands = ids.flatMap { StoredRun.statusCommands(keys: operations.keys, id: $0, fields: names) }
        let replies = try connection.pipeline(commands)
        try StoredRun.check(replies, of: commands)
        return ids.indices.map { index in
            guard let fields = StoredRun.fields(id: ids[index], names, hash: replies[2 * index], packed: replies[2 * index + 1]),
                  let status = fields[0] else { return nil }
            return (RunStatus(rawValue: status), fields[1])
        }
    }
}
