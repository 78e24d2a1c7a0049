public import KickoffModel
import RedisClient

/// Cluster-wide figures of the queue at one instant (the `queue_stats` script), for metrics.
public struct QueueStats: Sendable, Hashable {
    public struct Queue: Sendable, Hashable {
        /// Runs waiting in the list.
        public var length: Int
        /// How long the run at the head has been queued; nil when none is.
        public var oldestAge: Duration?

        public init(length: Int, oldestAge: Duration?) {
            self.length = length
            self.oldestAge = oldestAge
        }
    }

    public var queues: [RunPriority: Queue]
    /// Runs waiting for a time (delayed triggers, retries in backoff).
    public var scheduled: Int
    /// Runs a worker holds a lease on.
    public var running: Int

    static func decode(_ reply: RedisReply) throws(RedisError) -> QueueStats {
        let numbers = reply.array?.compactMap(\.int) ?? []
        let priorities = RunPriority.allCases
        guard numbers.count == priorities.count * 2 + 2 else { throw .unexpectedReply(command: "script queue_stats", reply: reply) }
        var queues: [RunPriority: Queue] = [:]
        for (index, priority) in priorities.enumerated() {
            let age = numbers[index * 2 + 1]
            queues[priority] = Queue(length: Int(numbers[index * 2]), oldestAge: age < 0 ? nil : .milliseconds(age))
        }
        return QueueStats(queues: queues, scheduled: Int(numbers[priorities.count * 2]), running: Int(numbers[priorities.count * 2 + 1]))
    }
}

extension QueueOperations {
    /// `scan`: the most ids looked at per queue to find its oldest queued run.
    public func queueStats(scan: Int = 50) -> ScriptCall {
        ScriptCall(script: QueueScripts.queueStats, keys: keys.queues + [keys.delayed, keys.leases], arguments: [keys.prefix, String(scan)])
    }
}

extension RunStore {
    public func queueStats() async throws(StoreError) -> QueueStats {
        let reply = try await client.run(operations.queueStats())
        return try StoreError.decoding { () throws(RedisError) in try QueueStats.decode(reply) }
    }
}
