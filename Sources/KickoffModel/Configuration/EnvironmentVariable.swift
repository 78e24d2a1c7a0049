/// The environment variables Kickoff reads (the contract's "Configuration").
public enum EnvironmentVariable {
    public static let redisURL = "KICKOFF_REDIS_URL"
    public static let pipelines = "KICKOFF_PIPELINES"
    public static let host = "KICKOFF_HOST"
    public static let port = "KICKOFF_PORT"
    public static let logLevel = "KICKOFF_LOG_LEVEL"
    public static let logFormat = "KICKOFF_LOG_FORMAT"
    public static let url = "KICKOFF_URL"
    public static let apiKey = "KICKOFF_API_KEY"
    public static let webhookSecret = "KICKOFF_WEBHOOK_SECRET"
    public static let namespace = "KICKOFF_NAMESPACE"
    /// `kickoff serve` over HTTPS: the PEM certificate chain and its private key.
    public static let tlsCertificate = "KICKOFF_TLS_CERT"
    public static let tlsKey = "KICKOFF_TLS_KEY"
    /// For the client commands: a PEM file of certificates to trust for an https:// `KICKOFF_URL`.
    public static let caCertificate = "KICKOFF_CA_CERT"
    /// How long finished runs (and their events and webhook attempts) are kept: `7d`.
    public static let runRetention = "KICKOFF_RUN_RETENTION"
    /// How long finished runs' logs are kept (at most the run retention).
    public static let logRetention = "KICKOFF_LOG_RETENTION"
    /// How long webhook dead letters are kept.
    public static let deadLetterRetention = "KICKOFF_DEAD_LETTER_RETENTION"
    /// The schedulers' leader lease (`5s`) and how late a tick may fire before it counts as missed (`60s`).
    public static let schedulerLease = "KICKOFF_SCHEDULER_LEASE"
    public static let misfireGrace = "KICKOFF_MISFIRE_GRACE"
    /// `kickoff pool` / `kickoff worker`: serve Prometheus metrics on this port (and host).
    public static let metricsPort = "KICKOFF_METRICS_PORT"
    public static let metricsHost = "KICKOFF_METRICS_HOST"
    public static let redisSentinels = "KICKOFF_REDIS_SENTINELS"
    public static let redisMaster = "KICKOFF_REDIS_MASTER"
    public static let redisSentinelPassword = "KICKOFF_REDIS_SENTINEL_PASSWORD"
    public static let redisMinReplicas = "KICKOFF_REDIS_MIN_REPLICAS"
    public static let redisReplicaTimeout = "KICKOFF_REDIS_REPLICA_TIMEOUT"
    /// Redis Cluster: some of its nodes, `host:port,…`, asked for the slot map.
    public static let redisCluster = "KICKOFF_REDIS_CLUSTER"
    /// How many partitions (hash tags) runs are spread over (`RunPartitions`): default 1.
    public static let partitions = "KICKOFF_PARTITIONS"
    /// `kickoff worker` / `kickoff pool`: the artifact store's root (default `<data dir>/artifacts`).
    public static let artifactStore = "KICKOFF_ARTIFACT_STORE"
    /// `kickoff worker` / `kickoff pool`: how long an idle worker waits for a wake-up before it
    /// looks at the queues again (`30s`; a wake-up ends the wait at once).
    public static let idleWait = "KICKOFF_IDLE_WAIT"
    /// Set by `kickoff pool` in each worker it starts: the worker's slot, 0..<N.
    public static let poolSlot = "KICKOFF_POOL_SLOT"
    /// Set by `kickoff pool` for its workers: the pool's pid, so that a worker follows the pool if it dies.
    public static let poolPID = "KICKOFF_POOL_PID"

    /// Every variable that configures Kickoff, the webhook ones included; not `poolSlot` and `poolPID`, which only
    /// `kickoff pool` sets. Deployment files are checked against this list.
    public static let all: [String] = [
        redisURL, pipelines, host, port, logLevel, logFormat, url, apiKey, webhookSecret, namespace,
        tlsCertificate, tlsKey, caCertificate,
        runRetention, logRetention, deadLetterRetention, schedulerLease, misfireGrace, metricsPort, metricsHost,
        WebhookSettings.allowVariable, WebhookSettings.retryScheduleVariable, WebhookSettings.timeoutVariable,
        redisSentinels, redisMaster, redisSentinelPassword, redisMinReplicas, redisReplicaTimeout,
        artifactStore, redisCluster, partitions, idleWait,
    ]
}
