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

    public init(registry: MetricsRegistry) {
        depth = registry.gauge("kickoff_queue_depth", "Runs waiting in each priority's queue (cluster-wide, read from Redis at scrape time).",
                               labels: ["priority"])
        oldestAge = registry.gauge("kickoff_queue_oldest_age_seconds",
                                   "How long the run first in line of each priority has been queued; 0 when none is (cluster-wide).",
                                   labels: ["priority"])
        scheduled = registry.gauge("kickoff_runs_scheduled", "Runs waiting for a time: delayed triggers and retries in backoff (cluster-wide).")
        running = registry.gauge("kickoff_runs_running", "Runs a worker holds a lease on (cluster-wide).")
        up = registry.gauge("kickoff_redis_up", "1 when the queue figures could be read from Redis at this scrape, else 0.")
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
        up.set(1)
    }

    public func clear() {
        for gauge in [depth, oldestAge, scheduled, running] { gauge.replaceAll([:]) }
        up.set(0)
    }
}
