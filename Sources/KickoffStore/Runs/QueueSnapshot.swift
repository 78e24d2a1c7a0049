public import KickoffModel
import RedisClient

/// The queue at one moment, for the dashboard: how many runs wait per priority, how many wait for
/// a time (delayed or in backoff), and the running runs with their workers and leases.
public struct QueueSnapshot: Sendable, Hashable {
    public struct Lease: Sendable, Hashable {
        public var runID: String
        public var pipeline: String
        public var worker: String?
        public var attempt: Int
        public var startedAt: Int64?
        /// When the lease runs out unless the worker's heartbeat extends it (ms).
        public var leaseUntil: Int64
    }

    public var depths: [RunPriority: Int]
    /// Each named queue: depth per priority, workers serving it, runs running.
    public var queues: [QueueStats.NamedQueue]
    /// Runs waiting, per reason.
    public var waiting: [RunWait.Reason: Int]
    public var delayed: Int
    public var leases: [Lease]
    /// How many runs hold a lease (`leases` shows at most the limit asked for).
    public var running: Int
    /// Redis's clock (ms), which leases are measured against.
    public var now: Int64
}

extension RunStore {
    /// Read-only: the queue figures (`queueStats`), one pipelined round trip for the leases, one for the leased runs' fields.
    public func queueSnapshot(leaseLimit: Int = 100) async throws(StoreError) -> QueueSnapshot {
        let keys = operations.keys
        let stats = try await queueStats()
        var delayed = 0, running = 0, now: Int64 = 0
        var held: [(id: String, until: Int64)] = []
        for partition in keys.allPartitions {  // one with one partition
            let commands = [
                RedisCommand("ZCARD", partition.delayed),
                RedisCommand("ZCARD", partition.leases),
                RedisCommand("ZRANGE", partition.leases, 0, leaseLimit - 1, "WITHSCORES"),
                RedisCommand("TIME"),
            ]
            let replies = try await client.pipeline(commands)
            delayed += Int(replies[0].int ?? 0)
            running += Int(replies[1].int ?? 0)
            now = max(now, replies[3].timeMilliseconds)
            held += replies[2].pairs.compactMap { id, score in Double(score).map { (id, Int64($0)) } }
        }
        let depths = stats.queues.mapValues(\.length)
        if keys.allPartitions.count > 1 { held = Array(held.sorted { $0.until < $1.until }.prefix(leaseLimit)) }
        let fields = try await pipelineByPartition(held.map {
            (partition: keys.partitions.partition(ofRunID: $0.id), command: RedisCommand("HMGET", keys.run($0.id), "pipeline", "worker", "attempt", "started_at"))
        })
        let leases = zip(held, fields).map { entry, reply in
            let values = reply.array?.map(\.string) ?? []
            let value = { (position: Int) in position < values.count ? values[position] : nil }
            return QueueSnapshot.Lease(runID: entry.id, pipeline: value(0) ?? "?", worker: value(1),
                                       attempt: value(2).flatMap { Int($0) } ?? 1, startedAt: value(3).flatMap { Int64($0) },
                                       leaseUntil: entry.until)
        }
        return QueueSnapshot(depths: depths, queues: stats.named, waiting: stats.waiting, delayed: delayed,
                             leases: leases, running: running, now: now)
    }
}
