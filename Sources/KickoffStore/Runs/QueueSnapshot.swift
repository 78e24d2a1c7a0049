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
    public var delayed: Int
    public var leases: [Lease]
    /// How many runs hold a lease (`leases` shows at most the limit asked for).
    public var running: Int
    /// Redis's clock (ms), which leases are measured against.
    public var now: Int64
}

extension RunStore {
    /// Read-only: one pipelined round trip for the counts and leases, one for the leased runs' fields.
    public func queueSnapshot(leaseLimit: Int = 100) async throws(StoreError) -> QueueSnapshot {
        let keys = operations.keys
        var commands = RunPriority.allCases.map { RedisCommand("LLEN", keys.queue($0)) }
        commands += [
            RedisCommand("ZCARD", keys.delayed),
            RedisCommand("ZCARD", keys.leases),
            RedisCommand("ZRANGE", keys.leases, 0, leaseLimit - 1, "WITHSCORES"),
            RedisCommand("TIME"),
        ]
        let replies = try await client.pipeline(commands)
        let count = RunPriority.allCases.count
        var depths: [RunPriority: Int] = [:]
        for (index, priority) in RunPriority.allCases.enumerated() { depths[priority] = Int(replies[index].int ?? 0) }
        let now = replies[count + 3].timeMilliseconds

        let held: [(id: String, until: Int64)] = replies[count + 2].pairs.compactMap { id, score in
            Double(score).map { (id, Int64($0)) }
        }
        let fields = try await client.pipeline(held.map {
            RedisCommand("HMGET", keys.run($0.id), "pipeline", "worker", "attempt", "started_at")
        })
        let leases = zip(held, fields).map { entry, reply in
            let values = reply.array?.map(\.string) ?? []
            let value = { (position: Int) in position < values.count ? values[position] : nil }
            return QueueSnapshot.Lease(runID: entry.id, pipeline: value(0) ?? "?", worker: value(1),
                                       attempt: value(2).flatMap { Int($0) } ?? 1, startedAt: value(3).flatMap { Int64($0) },
                                       leaseUntil: entry.until)
        }
        return QueueSnapshot(depths: depths, delayed: Int(replies[count].int ?? 0), leases: leases,
                             running: Int(replies[count + 1].int ?? 0), now: now)
    }
}
