/// Values given on the command line; nil where no flag was given. They win over the environment.
public struct SettingsOverrides: Sendable, Hashable {
    public var redisURL: String?
    public var pipelines: String?
    public var host: String?
    public var port: String?
    public var logLevel: String?
    public var logFormat: String?
    public var url: String?
    public var apiKey: String?
    public var webhookSecret: String?
    public var namespace: String?
    public var tlsCertificate: String?
    public var tlsKey: String?
    public var caCertificate: String?
    public var runRetention: String?
    public var logRetention: String?
    public var deadLetterRetention: String?
    public var schedulerLease: String?
    public var misfireGrace: String?
    public var redisSentinels: String?
    public var redisMaster: String?
    public var redisMinReplicas: String?
    public var redisReplicaTimeout: String?
    public var redisCluster: String?
    public var partitions: String?

    public init(
        redisURL: String? = nil, pipelines: String? = nil, host: String? = nil, port: String? = nil,
        logLevel: String? = nil, logFormat: String? = nil, url: String? = nil, apiKey: String? = nil,
        webhookSecret: String? = nil, namespace: String? = nil, tlsCertificate: String? = nil, tlsKey: String? = nil,
        caCertificate: String? = nil,
        runRetention: String? = nil, logRetention: String? = nil, deadLetterRetention: String? = nil,
        schedulerLease: String? = nil, misfireGrace: String? = nil,
        redisSentinels: String? = nil, redisMaster: String? = nil,
        redisMinReplicas: String? = nil, redisReplicaTimeout: String? = nil, redisCluster: String? = nil,
        partitions: String? = nil
    ) {
        self.partitions = partitions
        self.runRetention = runRetention
        self.logRetention = logRetention
        self.deadLetterRetention = deadLetterRetention
        self.schedulerLease = schedulerLease
        self.misfireGrace = misfireGrace
        self.redisURL = redisURL
        self.pipelines = pipelines
        self.host = host
        self.port = port
        self.logLevel = logLevel
        self.logFormat = logFormat
        self.url = url
        self.apiKey = apiKey
        self.webhookSecret = webhookSecret
        self.namespace = namespace
        self.tlsCertificate = tlsCertificate
        self.tlsKey = tlsKey
        self.caCertificate = caCertificate
        self.redisSentinels = redisSentinels
        self.redisMaster = redisMaster
        self.redisMinReplicas = redisMinReplicas
        self.redisReplicaTimeout = redisReplicaTimeout
        self.redisCluster = redisCluster
    }
}
