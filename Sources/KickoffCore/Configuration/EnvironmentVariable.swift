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
    public static let redisSentinels = "KICKOFF_REDIS_SENTINELS"
    public static let redisMaster = "KICKOFF_REDIS_MASTER"
    public static let redisSentinelPassword = "KICKOFF_REDIS_SENTINEL_PASSWORD"
    public static let redisMinReplicas = "KICKOFF_REDIS_MIN_REPLICAS"
    public static let redisReplicaTimeout = "KICKOFF_REDIS_REPLICA_TIMEOUT"
    /// Set by `kickoff pool` in each worker it starts: the worker's slot, 0..<N.
    public static let poolSlot = "KICKOFF_POOL_SLOT"

    /// Every variable that configures Kickoff, the webhook ones included; not `poolSlot`, which only
    /// `kickoff pool` sets. Deployment files are checked against this list.
    public static let all: [String] = [
        redisURL, pipelines, host, port, logLevel, logFormat, url, apiKey, webhookSecret, namespace,
        WebhookSettings.allowVariable, WebhookSettings.retryScheduleVariable, WebhookSettings.timeoutVariable,
        redisSentinels, redisMaster, redisSentinelPassword, redisMinReplicas, redisReplicaTimeout,
    ]
}
