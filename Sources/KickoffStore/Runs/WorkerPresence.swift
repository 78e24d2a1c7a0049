public import KickoffModel
public import RedisClient

/// What a worker's periodic `presence` call learnt: the instance marker, who maintains the queue,
/// and how many workers serve its first queue (to space its next call).
public struct WorkerPresence: Sendable, Hashable {
    /// The instance marker before the call; nil when it was absent (the call wrote the candidate).
    public var instanceMarker: String?
    /// The maintainer's token (the caller's own when it just took the lease).
    public var maintainer: String
    public var workers: Int

    /// How long between one worker's presence calls: the fleet as a whole makes about four a
    /// second (so that a dead maintainer is replaced within about a quarter second after its lease
    /// ran out or its pool freed it), each worker at least once per `base` and at most once per
    /// `5 × base`. Only fleets of 3 to 19 call more often than with N/2 (chaos recovery, #18); 20
    /// and more call every `5 × base` as before, so the idle cost of a large fleet is unchanged.
    public static func interval(workers: Int, base: Duration) -> Duration {
        base * min(5, max(1, Double(workers) / 4))
    }

    /// How long a presence counts (`GET /v1/queues`): a few missed calls.
    public static func validity(interval: Duration) -> Duration {
        max(interval * 3, .seconds(5))
    }

    static func decode(_ reply: RedisReply) throws(RedisError) -> WorkerPresence {
        guard let parts = reply.array, parts.count == 3, let holder = parts[1].string, let workers = parts[2].int else {
            throw .unexpectedReply(command: "script presence", reply: reply)
        }
        return WorkerPresence(instanceMarker: parts[0].string, maintainer: holder, workers: Int(workers))
    }
}

extension WorkerQueue {
    /// One presence call (`presence`): announces the worker on `queues` for `duration`, checks the
    /// instance marker (`watch`, as `checkInstance`), and makes `token` the maintainer when nobody is.
    /// With a `record`, the same call keeps the worker's entry in the fleet (`GET /v1/workers`).
    public func presence(worker: String, queues: [String], for duration: Duration, maintainer token: String,
                         maintainerLease: Duration, watch: inout InstanceWatch,
                         record: WorkerRecord? = nil) throws(RedisError) -> (presence: WorkerPresence, lost: Bool) {
        let keys = operations.keys
        let fields = record?.fields.flatMap { [$0.0, $0.1] } ?? []
        let reply = try connection.run(QueueScripts.presence, keys: queues.map { keys.workers(queue: $0) },
                                       arguments: [worker, String(duration.milliseconds), keys.prefix, token,
                                                   String(maintainerLease.milliseconds), watch.candidate] + fields)
        let presence = try WorkerPresence.decode(reply)
        return (presence, watch.observe(previous: presence.instanceMarker))
    }

    /// Maintenance as the elected maintainer `token` (renewing its lease); `maintained` is false when
    /// another process holds the lease.
    public func maintain(asMaintainer token: String, lease: Duration, limit: Int = 100,
                         unreachableFor: Duration = .zero) throws(RedisError) -> MaintenanceResult {
        let call = operations.maintain(limit: limit, unreachableFor: unreachableFor, maintainer: (token, lease))
        let result = try QueueReplies.maintenance(run(call))
        // Partitions: the call above renewed the lease (on the namespace's tag); then each partition.
        guard !operations.keys.partitions.isSingle, result.maintained else { return result }
        return try maintainPartitions(after: result, limit: limit, unreachableFor: unreachableFor)
    }

    /// Gives the maintainer lease up if `token` holds it (a stopping worker).
    public func resignMaintainer(_ token: String) throws(RedisError) {
        _ = try connection.run(QueueScripts.resignMaintainer, keys: [operations.keys.maintainer], arguments: [token])
    }
}
