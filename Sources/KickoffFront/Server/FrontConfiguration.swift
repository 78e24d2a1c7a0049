import Foundation
public import KickoffModel
public import KickoffStore

/// Everything `kickoff serve` decides before the front starts.
public struct FrontConfiguration: Sendable {
    /// Where the runs are: Redis's address and options.
    public var store: StoreConfiguration
    /// The Redis hash tag every key lives under (`{kickoff}:…`); workers must use the same.
    public var namespace: String
    /// How many hash tags runs are spread over (`--partitions`; `RunPartitions`).
    public var partitions = RunPartitions()
    /// The loaded pipeline file: what may be triggered and with which parameters.
    public var pipelines: PipelineFile
    public var host: String
    public var port: Int
    /// Larger request bodies are refused with 413.
    public var bodyLimit: Int
    /// Per API key, on the routes that trigger, cancel or administer; nil turns it off.
    public var rateLimit: RateLimit?
    /// Per API key, on the read routes (a bucket of its own); nil turns it off.
    public var readRateLimit: RateLimit?
    /// Failed dashboard logins per client address (a successful one does not count); nil: no limit.
    public var loginRateLimit: RateLimit?
    /// How long an `Idempotency-Key` is remembered.
    public var idempotencyTTL: Duration
    /// `POST …/invoke` waits this long without `?timeout=`, and never longer than the maximum.
    public var invokeDefaultTimeout: Duration
    public var invokeMaximumTimeout: Duration
    /// How long finished runs stay readable (must match the workers' setting).
    public var retention: Duration
    /// How long finished runs' logs stay (nil: as long as the run).
    public var logRetention: Duration?
    /// How long webhook dead letters stay (nil: as long as runs).
    public var deadLetterRetention: Duration?
    /// The scheduler's leader lease and misfire grace (the same in every process).
    public var scheduler: SchedulerSettings
    /// Pooled connections of the non-blocking Redis client (SSE and invoke open their own).
    public var redisConnections: Int
    /// How many SSE streams and invokes may follow runs at once (each holds a Redis connection).
    public var maximumFollowers: Int
    /// How many of those may be one API key's event streams (`--max-streams-per-key`).
    public var maximumStreamsPerKey: Int = 32
    /// Client connections open at once (`--max-connections`); beyond, the front accepts no more until
    /// one closes (they wait in the listen backlog). nil: no cap.
    public var maximumConnections: Int?
    /// Which `callback_url`s a trigger may name (`KICKOFF_WEBHOOK_ALLOW` opens private ranges).
    public var callbackPolicy: CallbackURLPolicy
    /// A connection is closed when it sends nothing for this long: before its first request, between
    /// requests, or part-way through a request head (a slow client holding a connection open). A
    /// request being answered (an SSE stream, a waiting invoke) is not idle.
    public var idleTimeout: Duration
    /// The most bytes a request's header fields may take, together and each; beyond, the connection
    /// is refused (431, or closed).
    public var maximumHeaderBytes: Int
    /// Serve HTTPS with this certificate and key instead of plain HTTP.
    public var tls: FrontTLS?
    /// Each hook source's secret (source name → value), read from the variable its `secret_env`
    /// names in the front's environment; a source without one answers 503.
    public var sourceSecrets: [String: String]

    public init(
        store: StoreConfiguration,
        namespace: String = "kickoff",
        pipelines: PipelineFile,
        host: String = "127.0.0.1",
        port: Int = 8080,
        bodyLimit: Int = 1 << 20,
        rateLimit: RateLimit? = RateLimit(),
        readRateLimit: RateLimit? = RateLimit.defaultReads,
        loginRateLimit: RateLimit? = .perMinute(RateLimit.defaultLoginAttempts),
        idempotencyTTL: Duration = .seconds(24 * 3600),
        invokeDefaultTimeout: Duration = .seconds(30),
        invokeMaximumTimeout: Duration = .seconds(300),
        retention: Duration = .seconds(7 * 24 * 3600),
        logRetention: Duration? = nil,
        deadLetterRetention: Duration? = nil,
        scheduler: SchedulerSettings = SchedulerSettings(),
        redisConnections: Int = 2,
        callbackPolicy: CallbackURLPolicy = CallbackURLPolicy(),
        maximumFollowers: Int = 256,
        idleTimeout: Duration = .seconds(60),
        maximumHeaderBytes: Int = 32 * 1024,
        tls: FrontTLS? = nil
    ) {
        self.store = store
        self.namespace = namespace
        self.pipelines = pipelines
        self.host = host
        self.port = port
        self.bodyLimit = bodyLimit
        self.rateLimit = rateLimit
        self.readRateLimit = readRateLimit
        self.loginRateLimit = loginRateLimit
        self.idempotencyTTL = idempotencyTTL
        self.invokeDefaultTimeout = invokeDefaultTimeout
        self.invokeMaximumTimeout = invokeMaximumTimeout
        self.retention = retention
        self.logRetention = logRetention
        self.deadLetterRetention = deadLetterRetention
        self.scheduler = scheduler
        self.redisConnections = redisConnections
        self.callbackPolicy = callbackPolicy
        self.maximumFollowers = maximumFollowers
        self.idleTimeout = idleTimeout
        self.maximumHeaderBytes = maximumHeaderBytes
        self.tls = tls
        sourceSecrets = Self.sourceSecrets(for: pipelines.sources, environment: ProcessInfo.processInfo.environment)
    }

    /// Source name → secret, for the sources whose variable is set and not empty.
    public static func sourceSecrets(for sources: [HookSource], environment: [String: String]) -> [String: String] {
        var secrets: [String: String] = [:]
        for source in sources {
            if let secret = environment[source.secretEnv], !secret.isEmpty { secrets[source.name] = secret }
        }
        return secrets
    }
}
