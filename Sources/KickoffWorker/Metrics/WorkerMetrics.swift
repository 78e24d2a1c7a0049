import KickoffModel
public import KickoffStore
public import KickoffTelemetry
import RedisClient

/// What one worker process counts where it happens: runs it brought to a final status, run and
/// step durations, queue wait, lease reclaims and retries, webhook deliveries, Redis latency.
/// A pool adds up its workers' (`PoolMetrics`); `kickoff worker --metrics-port` serves its own.
/// Labels: pipeline and step names from the pipeline file, fixed statuses and outcomes.
public final class WorkerMetrics: Sendable {
    public let registry = MetricsRegistry()
    let runs: CounterMetric
    let runDuration: HistogramMetric
    let stepDuration: HistogramMetric
    let queueWait: HistogramMetric
    let retries: CounterMetric
    let reclaims: CounterMetric
    let webhookDeliveries: CounterMetric
    let webhookDuration: HistogramMetric
    private let redisDataLosses: CounterMetric
    private let maintenanceRounds: CounterMetric
    let artifactBytesGauge: GaugeMetric
    public let redis: RedisLatencyMetrics

    public init() {
        runs = registry.counter("kickoff_runs_total", RunMetrics.runsHelp, labels: ["pipeline", "status"])
        runDuration = registry.histogram("kickoff_run_duration_seconds",
                                         "From claim to final status of a run's last attempt, by pipeline and final status.",
                                         labels: ["pipeline", "status"], buckets: MetricBuckets.runDuration)
        stepDuration = registry.histogram("kickoff_step_duration_seconds", "One step's process, start to end, by pipeline, step and status.",
                                          labels: ["pipeline", "step", "status"], buckets: MetricBuckets.runDuration)
        queueWait = registry.histogram("kickoff_queue_wait_seconds", "From entering the queue to being claimed, by pipeline and priority.",
                                       labels: ["pipeline", "priority"], buckets: MetricBuckets.queueWait)
        retries = registry.counter("kickoff_retries_total", "Failed attempts tried again (a step retried in place, or a run sent back to the queue), by pipeline.",
                                   labels: ["pipeline"])
        reclaims = registry.counter("kickoff_lease_reclaims_total",
                                    "Runs whose worker lost its lease, taken back by this process's maintenance: requeued, failed (last attempt) or canceled.",
                                    labels: ["outcome"])
        webhookDeliveries = registry.counter("kickoff_webhook_deliveries_total",
                                             "Webhook delivery attempts by outcome: delivered, retry, dead (a dead letter), released (handed back on shutdown).",
                                             labels: ["outcome"])
        webhookDuration = registry.histogram("kickoff_webhook_delivery_duration_seconds", "One webhook HTTP attempt, by outcome.",
                                             labels: ["outcome"], buckets: MetricBuckets.webhook)
        redisDataLosses = registry.counter(RedisDataLoss.metricName, RedisDataLoss.metricHelp)
        maintenanceRounds = registry.counter("kickoff_maintenance_rounds_total",
                                             "Queue maintenance rounds this process ran as the fleet's elected maintainer (one worker at a time).")
        maintenanceRounds.increment(by: 0)
        redisDataLosses.increment(by: 0)  // shown from the start, at 0
        artifactBytesGauge = registry.gauge("kickoff_artifact_bytes",
                                            "Bytes of the files in the artifact store (runs' KICKOFF_ARTIFACT_DIRs), as last measured by its sweep.")
        redis = RedisLatencyMetrics(registry: registry)
    }

    func artifactBytes(_ bytes: Int64) {
        artifactBytesGauge.set(Double(bytes))
    }

    /// A claimed run's time in the queue: claim (`started_at`) minus entering the queue.
    func claimed(_ record: RunRecord) {
        guard let startedAt = record.startedAt else { return }
        let queuedAt = record.queuedAt ?? record.createdAt
        queueWait.observe(.milliseconds(max(0, startedAt - queuedAt)), [record.pipeline, record.priority.rawValue])
    }

    /// A run this worker brought to a final status, `duration` after it claimed it.
    func finished(pipeline: String, status: RunStatus, duration: Duration) {
        runs.increment([pipeline, status.rawValue])
        runDuration.observe(duration, [pipeline, status.rawValue])
    }

    func retried(pipeline: String) {
        retries.increment([pipeline])
    }

    func step(pipeline: String, _ state: StepState) {
        guard let startedAt = state.startedAt, let finishedAt = state.finishedAt else { return }
        stepDuration.observe(.milliseconds(max(0, finishedAt - startedAt)), [pipeline, state.name, state.status.rawValue])
    }

    func maintained(_ result: MaintenanceResult) {
        maintenanceRounds.increment()
        if result.reclaimed > 0 { reclaims.increment(["requeued"], by: Double(result.reclaimed)) }
        for run in result.finished {
            reclaims.increment([run.status.rawValue])
            runs.increment([run.pipeline, run.status.rawValue])
        }
    }

    func redisDataLost() {
        redisDataLosses.increment()
    }

    /// One webhook attempt; `duration` is the HTTP attempt's, nil when none was sent.
    func webhook(outcome: String, duration: Duration?) {
        webhookDeliveries.increment([outcome])
        if let duration { webhookDuration.observe(duration, [outcome]) }
    }
}
