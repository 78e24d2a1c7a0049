import RedisClient

/// With partitions, the worker's face of `WakeReporting`: a script that put runs in line answers
/// their queues, and their idle workers are woken on the namespace's lists.
extension WorkerQueue {
    /// Runs `call`; for a `WakeReporting` variant, wakes the queues it reports and returns the
    /// script's own answer.
    func run(_ call: ScriptCall) throws(RedisError) -> RedisReply {
        try passWakesOn(connection.run(call.script, keys: call.keys, arguments: call.arguments), of: call)
    }

    /// `reply` as the plain script answers it; the queues a variant reports are woken first.
    func passWakesOn(_ reply: RedisReply, of call: ScriptCall) throws(RedisError) -> RedisReply {
        guard call.reportsWakes else { return reply }
        let (answer, queues) = try WakeReporting.split(reply, script: call.script.name)
        if let wake = operations.partitionWake(queues: queues) {
            // Best effort, as the script's work is done: a worker that misses it finds the runs at
            // its next claim (at most its idle wait later).
            _ = try? connection.run(wake.script, keys: wake.keys, arguments: wake.arguments)
        }
        return answer
    }
}
