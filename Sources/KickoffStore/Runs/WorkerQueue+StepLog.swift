import KickoffModel
public import RedisClient

extension WorkerQueue {
    /// Stores the log so far of `step`, still running in `run` (the worker's live log tail).
    public func stepLog(_ run: ClaimedRun, step: String, log: String) throws(RedisError) -> StepLogResult {
        let call = operations.stepLog(id: run.record.id, token: run.token, step: step, log: log)
        return try QueueReplies.word(connection.run(call.script, keys: call.keys, arguments: call.arguments), "step_log")
    }
}
