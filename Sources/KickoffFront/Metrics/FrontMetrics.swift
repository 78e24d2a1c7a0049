import KickoffModel
import KickoffStore
import KickoffTelemetry

/// The front's metrics for `GET /metrics`: what this process saw (triggers, error answers, event
/// streams, cancels of waiting runs, its Redis commands' latency), plus the cluster-wide queue
/// figures read from Redis at scrape time (`QueueGauges`). Labels come from a closed set (known
/// pipeline names, fixed outcomes, status codes), so the number of series stays bounded whatever
/// clients send.
final class FrontMetrics: Sendable {
    let registry = MetricsRegistry()
    private let triggers: CounterMetric
    private let problems: CounterMetric
    private let eventStreams: CounterMetric
    private let runs: CounterMetric
    private let logins: CounterMetric
    private let dataLosses: CounterMetric
    let redis: RedisLatencyMetrics
    let queue: QueueGauges
    let hooks: HookMetrics
    let memory: RedisMemoryGauges

    init() {
        triggers = registry.counter("kickoff_triggers_total", "Trigger attempts by pipeline and outcome.", labels: ["pipeline", "outcome"])
        problems = registry.counter("kickoff_http_problems_total", "Error answers (problem documents) by status code.", labels: ["status"])
        eventStreams = registry.counter("kickoff_event_streams_total", "Server-Sent Event streams opened.")
        runs = registry.counter("kickoff_runs_total", RunMetrics.runsHelp, labels: ["pipeline", "status"])
        logins = registry.counter("kickoff_dashboard_logins_total", "Dashboard login attempts by outcome.", labels: ["outcome"])
        dataLosses = registry.counter(RedisDataLoss.metricName, RedisDataLoss.metricHelp)
        redis = RedisLatencyMetrics(registry: registry)
        queue = QueueGauges(registry: registry)
        hooks = HookMetrics(registry: registry)
        memory = RedisMemoryGauges(registry: registry)
        eventStreams.increment(by: 0)  // a counter without labels is shown from the start, at 0
        dataLosses.increment(by: 0)
    }

    /// One trigger attempt: `outcome` is `accepted`, `replayed`, `invalid`, `conflict`, `unavailable`, ….
    func countTrigger(pipeline: String, outcome: String) {
        triggers.increment([pipeline, outcome])
    }

    func countRedisDataLoss() {
        dataLosses.increment()
    }

    func countProblem(status: Int) {
        problems.increment([String(status)])
    }

    enum LoginOutcome: String {
        case succeeded
        /// A key that is not valid.
        case refused
        /// Too many failed logins from the client's address: the key was not even looked at.
        case throttled
    }

    func countLogin(_ outcome: LoginOutcome) {
        logins.increment([outcome.rawValue])
    }

    func countEventStream() {
        eventStreams.increment()
    }

    /// A waiting (queued or scheduled) run canceled here: it reached its final state in this process.
    func countCanceled(pipeline: String) {
        runs.increment([pipeline, RunStatus.canceled.rawValue])
    }

    /// The Prometheus text: the queue figures are read from Redis first (left out if it does not answer).
    func render(store: Store) async -> String {
        await queue.refresh(store: store.runs)
        await memory.refresh(store: store)
        return PrometheusText.render(registry.snapshot())
    }
}
