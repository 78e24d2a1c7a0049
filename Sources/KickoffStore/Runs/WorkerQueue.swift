import Foundation
public import KickoffModel
public import RedisClient

/// The queue as a worker's threads see it: every call blocks its thread (hiredis, blocking).
/// Use one per thread: the claim loop has one, the heartbeat thread another.
public final class WorkerQueue {
    public let operations: QueueOperations
    public let connection: BlockingRedisConnection
    /// With partitions: where the next claim starts looking (`WorkerQueue+Partitions`).
    var nextPartition = 0
    /// With partitions: the minute (local clock) the maintainer last sampled the partitions' queues.
    var sampledMinute: Int64 = -1
    /// A finished run's compaction, sent in front of the next claim (`WorkerQueue+Compact`).
    var deferred: Compaction?

    public init(connection: BlockingRedisConnection, operations: QueueOperations) {
        self.connection = connection
        self.operations = operations
    }

    @discardableResult
    private func call(_ call: ScriptCall) throws(RedisError) -> RedisReply {
        try run(call)
    }

    /// The commands Kickoff needs that Redis refuses this connection's user (`RedisPermissions`).
    public func missingPermissions(failover: Bool, cluster: Bool = false) throws(RedisError) -> [String] {
        let call = RedisPermissions.call(operations.keys, failover: failover, cluster: cluster)
        return try RedisPermissions.missing { () throws(RedisError) in try self.call(call) }
    }

    /// Checks the instance marker (`InstanceWatch`): true when Redis lost its data since the last check.
    public func checkInstance(_ watch: inout InstanceWatch) throws(RedisError) -> Bool {
        watch.observe(previous: try call(watch.call(operations.keys)).string)
    }

    @discardableResult
    public func enqueue(_ run: NewRun) throws(RedisError) -> RunStatus {
        try QueueReplies.enqueued(call(operations.enqueue(run))).status
    }

    /// Takes the next run, or nil when nothing is queued. The token goes with every later call.
    /// `startFirstStep`: the first step is recorded as started by the claim itself (`step.started`, its
    /// state `running` from the claim's time): for a worker that starts it right away.
    /// `queues`: the queues served, in the order to look at them; `pipelines`: the pipelines the
    /// worker's file has (nil: any).
    public func claim(worker: String, lease: Duration, startFirstStep: Bool = false, queues: [String] = [Pipeline.defaultQueue],
                      pipelines: [String]? = nil) throws(KickoffQueueError) -> ClaimedRun? {
        if !operations.keys.partitions.isSingle {
            return try claimAcrossPartitions(worker: worker, lease: lease, startFirstStep: startFirstStep, queues: queues, pipelines: pipelines)
        }
        // Unique per attempt; made like a run id (one getrandom) rather than by Foundation's UUID,
        // which opens and reads /dev/urandom on every claim.
        let token = RunID.make()
        let claim = operations.claim(worker: worker, token: token, lease: lease, startFirstStep: startFirstStep, queues: queues, pipelines: pipelines)
        let reply = try KickoffQueueError.wrap { () throws(RedisError) in
            let compaction = takeDeferred()
            let exchange = try connection.run(claim.script, keys: claim.keys, arguments: claim.arguments,
                                              preceding: compaction.map { [$0.command] } ?? [])
            settle(compaction, reply: exchange.preceding.first)
            return exchange.script
        }
        do {
            guard let record = try RunRecord(hash: reply) else { return nil }
            return ClaimedRun(record: record, token: token)
        } catch {
            throw .record(error)
        }
    }

    /// `waitForWork`, then `claim` as soon as the wait returns, sent together: Redis runs the claim the
    /// moment a wake-up token arrives, so an idle worker is one round trip from its wake-up to a claimed
    /// run (not two). Nil when nothing could be claimed (woken for nothing, or the timeout passed).
    public func claimAfterWaiting(worker: String, timeout: Duration, waitQueues: [String], lease: Duration, startFirstStep: Bool = false,
                                  queues: [String] = [Pipeline.defaultQueue], pipelines: [String]? = nil) throws(KickoffQueueError) -> ClaimedRun? {
        if !operations.keys.partitions.isSingle {
            // Two round trips: the wait is on the namespace's slot, the claim on a partition's.
            _ = try KickoffQueueError.wrap { () throws(RedisError) in try waitForWork(worker: worker, timeout: timeout, queues: waitQueues) }
            return try claim(worker: worker, lease: lease, startFirstStep: startFirstStep, queues: queues, pipelines: pipelines)
        }
        let token = RunID.make()
        let claim = operations.claim(worker: worker, token: token, lease: lease, startFirstStep: startFirstStep, queues: queues, pipelines: pipelines)
        let reply = try KickoffQueueError.wrap { () throws(RedisError) in
            let compaction = takeDeferred()
            let exchange = try connection.waitThenRun(waitCommand(worker: worker, timeout: timeout, queues: waitQueues),
                                                      timeout: timeout + connection.configuration.commandTimeout,
                                                      claim.script, keys: claim.keys, arguments: claim.arguments,
                                                      preceding: compaction.map { [$0.command] } ?? [])
            settle(compaction, reply: exchange.preceding.first)
            return exchange.script
        }
        do {
            guard let record = try RunRecord(hash: reply) else { return nil }
            return ClaimedRun(record: record, token: token)
        } catch {
            throw .record(error)
        }
    }

    /// Blocks until a wake-up token arrives (new work, or this worker's own wake list) or the timeout
    /// passes. True when woken. Only a hint: the caller claims afterwards and may find nothing.
    public func waitForWork(worker: String, timeout: Duration, queues: [String] = [Pipeline.defaultQueue]) throws(RedisError) -> Bool {
        let reply = try connection.send(waitCommand(worker: worker, timeout: timeout, queues: queues),
                                        timeout: timeout + connection.configuration.commandTimeout)
        return !reply.isNull
    }

    /// BLPOP on the worker's own wake list and its queues' signal lists.
    private func waitCommand(worker: String, timeout: Duration, queues: [String]) -> RedisCommand {
        let seconds = String(format: "%.3f", Double(timeout.milliseconds) / 1000)
        let keys = operations.keys
        let lists = [keys.wake(worker: worker)] + queues.map { keys.partitions.isSingle ? keys.signal(queue: $0) : keys.partitionedSignal(queue: $0) }
        return RedisCommand("BLPOP", (lists + [seconds]).map { $0 as any RedisArgumentConvertible })
    }

    /// Interrupts `waitForWork` of this worker (from another thread's connection).
    public func wake(worker: String) throws(RedisError) {
        let key = operations.keys.wake(worker: worker)
        _ = try connection.pipeline([RedisCommand("RPUSH", key, "1"), RedisCommand("EXPIRE", key, 60)])
    }

    /// Says that this worker serves `queues` for `duration` from now (`GET /v1/queues` counts it);
    /// with a `record`, the same call keeps its entry in the fleet (`GET /v1/workers`) for as long.
    public func announce(worker: String, queues: [String], for duration: Duration, record: WorkerRecord? = nil) throws(RedisError) {
        let keys = operations.keys
        let fields = record?.fields.flatMap { [$0.0, $0.1] } ?? []
        _ = try connection.run(QueueScripts.announce, keys: queues.map { keys.workers(queue: $0) },
                               arguments: [worker, String(duration.milliseconds), keys.prefix] + fields)
    }

    /// This worker no longer serves `queues` (it stops): `GET /v1/queues` stops counting it, and
    /// `GET /v1/workers` listing it, at once.
    public func withdraw(worker: String, queues: [String]) throws(RedisError) {
        let keys = operations.keys
        _ = try connection.run(QueueScripts.withdraw, keys: queues.map { keys.workers(queue: $0) }, arguments: [worker, keys.prefix])
    }

    public func heartbeat(_ run: ClaimedRun, lease: Duration) throws(RedisError) -> HeartbeatResult {
        try QueueReplies.word(call(operations.heartbeat(id: run.record.id, token: run.token, lease: lease)), "heartbeat")
    }

    /// A step's state; `.canceled` refuses a `step.started` of a run whose cancel was requested.
    public func recordStep(_ run: ClaimedRun, state: StepState, event: String, log: String? = nil) throws(RedisError) -> RecordStepResult {
        try QueueReplies.word(call(operations.recordStep(id: run.record.id, token: run.token, state: state, event: event, log: log)), "record_step")
    }

    /// `ended`: the run's last step, recorded by the same script call (one round trip less per run).
    /// The run ended is then stored deflated (`compact`).
    public func finish(_ run: ClaimedRun, status: RunStatus, outputs: JSONValue?, error: RunError?, steps: [StepState] = [],
                       ended: EndedStep? = nil) throws(RedisError) -> FinishResult {
        let answer = try QueueReplies.finished(call(operations.finish(id: run.record.id, token: run.token, status: status, outputs: outputs,
                                                                      error: error, steps: steps, ended: ended)))
        compactQuietly(runID: run.record.id, plain: answer.packed)
        return answer.result
    }

    /// `finish` with `WAIT` for the configured replicas in the same round trip (see
    /// `BlockingRedisConnection.runAwaitingReplicas`): `notReplicated` is nil when they confirmed the
    /// end (or none are required), else the `.notReplicated` error. The run ended is then stored
    /// deflated (`compact`).
    public func finishAwaitingReplicas(_ run: ClaimedRun, status: RunStatus, outputs: JSONValue?, error: RunError?, steps: [StepState] = [],
                                       ended: EndedStep? = nil) throws(RedisError) -> (result: FinishResult, notReplicated: RedisError?) {
        let call = operations.finish(id: run.record.id, token: run.token, status: status, outputs: outputs, error: error, steps: steps, ended: ended)
        let answer = try connection.runAwaitingReplicas(call.script, keys: call.keys, arguments: call.arguments)
        let finished = try QueueReplies.finished(passWakesOn(answer.reply, of: call))
        compactQuietly(runID: run.record.id, plain: finished.packed)
        return (finished.result, answer.notReplicated)
    }

    public func failAttempt(_ run: ClaimedRun, error: RunError, backoff: Duration, finalSteps: [StepState] = []) throws(RedisError) -> FailAttemptResult {
        try QueueReplies.word(call(operations.failAttempt(id: run.record.id, token: run.token, error: error, backoff: backoff,
                                                          priority: run.record.priority, finalSteps: finalSteps)), "fail_attempt")
    }

    public func release(_ run: ClaimedRun) throws(RedisError) -> ReleaseResult {
        try QueueReplies.word(call(operations.release(id: run.record.id, token: run.token, priority: run.record.priority)), "release")
    }

    /// `unreachableFor`: how long this worker could not reach Redis before this call (see `QueueOperations.maintain`).
    public func maintain(limit: Int = 100, unreachableFor: Duration = .zero) throws(RedisError) -> MaintenanceResult {
        let result = try QueueReplies.maintenance(call(operations.maintain(limit: limit, unreachableFor: unreachableFor)))
        return try operations.keys.partitions.isSingle ? result : maintainPartitions(after: result, limit: limit, unreachableFor: unreachableFor)
    }

    public func cancel(id: String) throws(RedisError) -> CancelResult {
        try QueueReplies.word(call(operations.cancel(id: id)), "cancel")
    }

    public func run(id: String) throws(KickoffQueueError) -> RunRecord? {
        let replies = try KickoffQueueError.wrap { () throws(RedisError) in
            let commands = StoredRun.commands(keys: operations.keys, id: id)
            let replies = try connection.pipeline(commands)
            try StoredRun.check(replies, of: commands)
            return replies
        }
        do { return try StoredRun.record(id: id, hash: replies[0], packed: replies[1]) } catch { throw .record(error) }
    }
}

/// A queue call failed: Redis was unreachable or refused, or a stored record was unreadable.
public enum KickoffQueueError: Error, Sendable, Hashable, CustomStringConvertible {
    case redis(RedisError)
    case record(RunRecordError)

    public var description: String {
        switch self {
        case .redis(let error): error.description
        case .record(let error): error.description
        }
    }

    static func wrap<T>(_ body: () throws(RedisError) -> T) throws(KickoffQueueError) -> T {
        do { return try body() } catch { throw .redis(error) }
    }
}
