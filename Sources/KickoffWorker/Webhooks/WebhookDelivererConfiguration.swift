public import KickoffModel
public import KickoffStore
public import RedisClient

/// How a worker process's webhook deliverer runs.
public struct WebhookDelivererConfiguration: Sendable {
    public var redis: RedisConfiguration
    public var operations: QueueOperations
    public var settings: WebhookSettings
    /// The most deliveries one deliverer sends at once.
    public var concurrency: Int
    /// The longest pause between looks at the outbox while idle (new events are not signalled).
    public var pollInterval: Duration
    /// Where deliveries are counted (the worker's own metrics).
    public var metrics: WorkerMetrics
    /// Resolves callback hosts for the SSRF guard right before each attempt (the system's; tests play DNS).
    public var resolver: HostResolver

    public init(redis: RedisConfiguration, operations: QueueOperations, settings: WebhookSettings,
                concurrency: Int = 8, pollInterval: Duration = .milliseconds(250), metrics: WorkerMetrics = WorkerMetrics(),
                resolver: HostResolver = HostResolver()) {
        self.redis = redis
        self.operations = operations
        self.settings = settings
        self.concurrency = max(1, concurrency)
        self.pollInterval = pollInterval
        self.metrics = metrics
        self.resolver = resolver
    }

    /// How long a claimed delivery stays ours: the attempt's timeout twice over (DNS, which has the
    /// same timeout, then the request), plus 5 s for reading the run and recording the outcome. A deliverer killed mid-delivery loses it for this long.
    public var lease: Duration { settings.timeout * 2 + .seconds(5) }
}
