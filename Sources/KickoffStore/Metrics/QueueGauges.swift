import KickoffModel
public import KickoffTelemetry
import RedisClient

/// Cluster-wide queue figures, read from Redis at scrape time (one read-only script): true whichever
/// process serves them. `kickoff_redis_up` tells whether the read worked; when it did not, the
/// other queue gauges are left out rather than shown stale.
public struct QueueGauges: Sendable {
    let depth: GaugeMetric
    let oldestAge: GaugeMetric
    let scheduled: GaugeMetric
    let running: GaugeMetric
    let up: GaugeMetric
    let queueDepth: GaugeMetric
    let queueOldestAge: GaugeMetric
    let queueWorkers: GaugeMetric
    let queueRunning: GaugeMetric
    let waiting: GaugeMetric

    public init(registry: MetricsRegistry) {
        depth = registry.gauge("kickoff_queue_depth", "Runs waiting in each priority's queue (cluster-wide, read from Redis at scrape time).",
                               labels: ["priority"])
        oldestAge = registry.gauge("kickoff_queue_oldest_age_seconds",
                                   "How long the run first in line of each priority has been queued; 0 when none is (cluster-wide).",
                                   labels: ["priority"])
        scheduled = registry.gauge("kickoff_runs_scheduled", "Runs waiting for a time: delayed triggers and retries in backoff (cluster-wide).")
        running = registry.gauge("kickoff_runs_running", "Runs a worker holds a lease on (cluster-wide).")
        up = registry.gauge("kickoff_redis_up", "1 when the queue figures could be read from Redis at this scrape, else 0.")
        queueDepth = registry.gauge("kickoff_named_queue_depth", "Runs waiting in line in each named queue and priority (cluster-wide).",
                                    labels: ["queue", "priority"])
        queueOldestAge = registry.gauge("kickoff_named_queue_oldest_age_seconds",
                                        "How long the run waiting longest in each named queue has been queued; 0 when none is (cluster-wide).",
                                        labels: ["queue"])
        queueWorkers = registry.gauge("kickoff_named_queue_workers", "Live workers serving each named queue (cluster-wide).", labels: ["queue"])
        queueRunning = registry.gauge("kickoff_named_queue_running", "Runs of each named queue a worker holds a lease on (cluster-wide).",
                                      labels: ["queue"])
        waiting = registry.gauge("kickoff_runs_waiting",
                                 "Runs not yet claimable, per reason: concurrency (a full slot), debounce (a window open), no_worker (no live worker serves their queue).",
                                 labels: ["reason"])
    }

    public func refresh(store: RunStore) async {
        do {
            set(try await store.queueStats())
        } catch {
            clear()
        }
    }

    public func set(_ stats: QueueStats) {
        var depths: [[String]: Double] = [:], ages: [[String]: Double] = [:]
        for priority in RunPriority.allCases {
            let queue = stats.queues[priority]
            depths[[priority.rawValue]] = Double(queue?.length ?? 0)
            ages[[priority.rawValue]] = queue?.oldestAge?.inSeconds ?? 0
        }
        depth.replaceAll(depths)
        oldestAge.replaceAll(ages)
        scheduled.replaceAll([[]: Double(stats.scheduled)])
        running.replaceAll([[]: Double(stats.running)])
        var queueDepths: [[String]: Double] = [:], queueAges: [[String]: Double] = [:]
        var queueWorkerCounts: [[String]: Double] = [:], queueRunningCounts: [[String]: Double] = [:]
        for queue in stats.named {
            for priority in RunPriority.allCases {
                queueDepths[[queue.name, priority.rawValue]] = Double(queue.priorities[priority]?.length ?? 0)
            }
            queueAges[[queue.name]] = queue.oldestAge?.inSeconds ?? 0
            queueWorkerCounts[[queue.name]] = Double(queue.workers)
            queueRunningCounts[[queue.name]] = Double(queue.running)
        }
        queueDepth.replaceAll(queueDepths)
        queueOldestAge.replaceAll(queueAges)
        queueWorkers.replaceAll(queueWorkerCounts)
        queueRunning.replaceAll(queueRunningCounts)
        waiting.replaceAll(Dictionary(uniqueKeysWithValues: stats.waiting.map { ([$0.key.rawValue], Double($0.value)) }))
        up.set(1)
    }

    public func clear() {
        for gauge in [depth, oldestAge, scheduled, running, queueDepth, queueOldestAge, queueWorkers, queueRunning, waiting] {
            gauge.replaceAll([:])
        }
        up.set(0)
    }
}
