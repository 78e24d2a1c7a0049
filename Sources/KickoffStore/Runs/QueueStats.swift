public import KickoffModel
import RedisClient

/// Cluster-wide figures of the queue at one instant (the `queue_stats` script), for metrics and
/// `GET /v1/queues`.
public struct QueueStats: Sendable, Hashable {
    public struct Queue: Sendable, Hashable {
        /// Runs waiting in line.
        public var length: Int
        /// How long the run first in line has been queued; nil when none is.
        public var oldestAge: Duration?

        public init(length: Int, oldestAge: Duration?) {
            self.length = length
            self.oldestAge = oldestAge
        }
    }

    /// One named queue.
    public struct NamedQueue: Sendable, Hashable {
        public var name: String
        /// Live workers serving it (their maintenance renewed it lately).
        public var workers: Int
        /// Runs of the queue a worker holds a lease on.
        public var running: Int
        public var priorities: [RunPriority: Queue]

        public init(name: String, workers: Int = 0, running: Int = 0, priorities: [RunPriority: Queue] = [:]) {
            self.name = name
            self.workers = workers
            self.running = running
            self.priorities = priorities
        }

        /// Runs in line, every priority.
        public var depth: Int { priorities.values.reduce(0) { $0 + $1.length } }
        /// The longest wait of a run in line, every priority.
        public var oldestAge: Duration? { priorities.values.compactMap(\.oldestAge).max() }
    }

    /// Every named queue's figures added up, per priority.
    public var queues: [RunPriority: Queue]
    /// Runs waiting for a time (delayed triggers, retries in backoff, debounce windows).
    public var scheduled: Int
    /// Runs a worker holds a lease on.
    public var running: Int
    /// Each named queue, by name.
    public var named: [NamedQueue]
    /// Queued runs waiting for a concurrency slot (not in line).
    public var waitingForConcurrency: Int
    /// Runs in a debounce window.
    public var debouncing: Int

    /// Runs waiting, per reason (`kickoff_runs_waiting{reason}`).
    public var waiting: [RunWait.Reason: Int] {
        [.concurrency: waitingForConcurrency, .debounce: debouncing,
         .noWorker: named.filter { $0.workers == 0 }.reduce(0) { $0 + $1.depth }]
    }

    static func decode(_ reply: RedisReply) throws(RedisError) -> QueueStats {
        let parts = reply.array ?? []
        let priorities = RunPriority.allCases
        let perQueue = 3 + priorities.count * 2
        guard parts.count >= 5, let count = parts[4].int, parts.count == 5 + Int(count) * perQueue else {
            throw .unexpectedReply(command: "script queue_stats", reply: reply)
        }
        let number = { (index: Int) in Int(parts[index].int ?? 0) }
        var named: [NamedQueue] = []
        var totals: [RunPriority: Queue] = Dictionary(uniqueKeysWithValues: priorities.map { ($0, Queue(length: 0, oldestAge: nil)) })
        for queueIndex in 0..<Int(count) {
            let base = 5 + queueIndex * perQueue
            var byPriority: [RunPriority: Queue] = [:]
            for (index, priority) in priorities.enumerated() {
                let age = number(base + 4 + index * 2)
                let queue = Queue(length: number(base + 3 + index * 2), oldestAge: age < 0 ? nil : .milliseconds(age))
                byPriority[priority] = queue
                let total = totals[priority] ?? Queue(length: 0, oldestAge: nil)
                totals[priority] = Queue(length: total.length + queue.length,
                                         oldestAge: [total.oldestAge, queue.oldestAge].compactMap { $0 }.max())
            }
            named.append(NamedQueue(name: parts[base].string ?? "?", workers: number(base + 1), running: number(base + 2),
                                    priorities: byPriority))
        }
        return QueueStats(queues: totals, scheduled: number(0), running: number(1), named: named,
                          waitingForConcurrency: number(2), debouncing: number(3))
    }
}

extension QueueOperations {
    /// `scan`: the most ids looked at per fairness group to find its oldest queued run.
    /// `partition`: with partitions, that partition's figures (nil: the namespace's own tag, which
    /// holds the live workers and every queue a worker serves).
    public func queueStats(scan: Int = 50, partition: Int? = nil) -> ScriptCall {
        let keys = partition.map(self.keys.partition) ?? self.keys
        return ScriptCall(script: QueueScripts.queueStats, keys: [keys.delayed, keys.leases], arguments: [keys.prefix, String(scan)])
    }
}

extension RunStore {
    /// With partitions, the namespace's figures and every partition's, merged.
    public func queueStats() async throws(StoreError) -> QueueStats {
        let reply = try await client.run(operations.queueStats())
        let own = try StoreError.decoding { () throws(RedisError) in try QueueStats.decode(reply) }
        guard !operations.keys.partitions.isSingle else { return own }
        var parts = [own]
        for partition in operations.keys.partitions.all {
            let reply = try await client.run(operations.queueStats(partition: partition))
            parts.append(try StoreError.decoding { () throws(RedisError) in try QueueStats.decode(reply) })
        }
        return QueueStats.merged(parts)
    }
}

extension QueueStats {
    /// Several partitions' figures as one (`RunPartitions`): counts added up, the longest wait kept,
    /// a queue's live workers as the largest count (only the namespace's own figures count them).
    static func merged(_ parts: [QueueStats]) -> QueueStats {
        func add(_ one: Queue?, _ other: Queue?) -> Queue {
            Queue(length: (one?.length ?? 0) + (other?.length ?? 0), oldestAge: [one?.oldestAge, other?.oldestAge].compactMap { $0 }.max())
        }
        var result = QueueStats(queues: [:], scheduled: 0, running: 0, named: [], waitingForConcurrency: 0, debouncing: 0)
        var named: [String: NamedQueue] = [:]
        for part in parts {
            for (priority, queue) in part.queues { result.queues[priority] = add(result.queues[priority], queue) }
            result.scheduled += part.scheduled
            result.running += part.running
            result.waitingForConcurrency += part.waitingForConcurrency
            result.debouncing += part.debouncing
            for queue in part.named {
                var merged = named[queue.name] ?? NamedQueue(name: queue.name)
                merged.workers = max(merged.workers, queue.workers)
                merged.running += queue.running
                for (priority, line) in queue.priorities { merged.priorities[priority] = add(merged.priorities[priority], line) }
                named[queue.name] = merged
            }
        }
        result.named = named.values.sorted { $0.name < $1.name }
        return result
    }
}
