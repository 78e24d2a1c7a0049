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
    /// The fleet this process's worker counts (nil: alone): idle looks at the outbox are spread over it.
    public var fleet: FleetSize?

    public init(redis: RedisConfiguration, operations: QueueOperations, settings: WebhookSettings,
                concurrency: Int = 8, pollInterval: Duration = .milliseconds(250), metrics: WorkerMetrics = WorkerMetrics(),
                resolver: HostResolver = HostResolver(), fleet: FleetSize? = nil) {
        self.redis = redis
        self.operations = operations
        self.settings = settings
        self.concurrency = max(1, concurrency)
        self.pollInterval = pollInterval
        self.metrics = metrics
        self.resolver = resolver
        self.fleet = fleet
    }

    /// The pause before the next look at the outbox while idle: `pollInterval` for a lone worker;
    /// in a fleet of N each worker looks N/2 times less often, at random points, so that the fleet's
    /// looks add up to about two per `pollInterval` (a Redis cost that does not grow with the fleet)
    /// and a new delivery waits about as long for the first look as with one worker alone.
    func idlePause() -> Duration {
        pollInterval * max(1, Double(fleet?.count ?? 1) / 2) * Double.random(in: 0.5...1.5)
    }

    /// How long a claimed delivery stays ours: the attempt's timeout twice over (DNS, which has the
    /// same timeout, then the request), plus 5 s for reading the run and recording the outcome. A deliverer killed mid-delivery loses it for this long.
    public var lease: Duration { settings.timeout * 2 + .seconds(5) }
}
