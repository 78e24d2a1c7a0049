/// Redis high availability: which sentinels name the primary (or which nodes of a Redis Cluster to
/// ask for its slot map), and how many replicas must confirm a trigger before it is answered 202
/// (so that a failover cannot lose it).
public struct RedisFailoverSettings: Sendable, Hashable {
    /// Empty when Redis is reached at the URL's address (no sentinel).
    public var sentinels: [HostPort]
    /// The name the sentinels monitor (`sentinel monitor <name> …`).
    public var masterName: String?
    public var sentinelPassword: String?
    /// Empty unless Redis is a Redis Cluster: some of its nodes (any will do), asked for the slot map.
    public var clusterNodes: [HostPort]
    /// Replicas that must have a trigger before the 202 (`WAIT`); by default 1 with sentinels, else 0.
    public var minReplicas: Int
    public var replicaTimeout: Duration

    public static let defaultReplicaTimeout: Duration = .seconds(1)
    /// Below the command timeout (5 s), which bounds every reply, the WAIT's included.
    static let maximumReplicaTimeout: Duration = .seconds(4)

    init(resolver: SettingResolver, overrides: SettingsOverrides) throws(ConfigurationError) {
        let sentinelsSource = resolver.raw(overrides.redisSentinels, "--redis-sentinels", EnvironmentVariable.redisSentinels)
        sentinels = try resolver.optionalValue(overrides.redisSentinels, "--redis-sentinels", EnvironmentVariable.redisSentinels,
                                               parse: Self.sentinelList) ?? []
        masterName = try resolver.optionalValue(overrides.redisMaster, "--redis-master", EnvironmentVariable.redisMaster, parse: Self.masterName)
        sentinelPassword = resolver.raw(nil, "", EnvironmentVariable.redisSentinelPassword)?.value
        if let (text, source) = sentinelsSource, masterName == nil {
            throw ConfigurationError(source: source, value: text,
                                     reason: "needs the master's name too (\(EnvironmentVariable.redisMaster) or --redis-master)")
        }
        if let name = masterName, sentinels.isEmpty,
           let (_, source) = resolver.raw(overrides.redisMaster, "--redis-master", EnvironmentVariable.redisMaster) {
            throw ConfigurationError(source: source, value: name,
                                     reason: "needs the sentinels too (\(EnvironmentVariable.redisSentinels) or --redis-sentinels)")
        }
        clusterNodes = try resolver.optionalValue(overrides.redisCluster, "--redis-cluster", EnvironmentVariable.redisCluster,
                                                  parse: Self.clusterNodeList) ?? []
        if !clusterNodes.isEmpty, !sentinels.isEmpty,
           let (text, source) = resolver.raw(overrides.redisCluster, "--redis-cluster", EnvironmentVariable.redisCluster) {
            throw ConfigurationError(source: source, value: text, reason: "Redis Cluster and Sentinel exclude each other: give one of them")
        }
        minReplicas = try resolver.value(overrides.redisMinReplicas, "--redis-min-replicas", EnvironmentVariable.redisMinReplicas,
                                         default: sentinels.isEmpty ? 0 : 1, parse: Self.replicaCount)
        replicaTimeout = try resolver.value(overrides.redisReplicaTimeout, "--redis-replica-timeout", EnvironmentVariable.redisReplicaTimeout,
                                            default: Self.defaultReplicaTimeout, parse: Self.replicaTimeoutRule)
    }
}

extension RedisFailoverSettings {
    private static let clusterNodeList = SettingRule<[HostPort]>(reason: "expected host:port[,host:port…] (nodes of the cluster)") { text in
        guard case .success(let endpoints) = HostPort.parseList(text), !endpoints.isEmpty else { return nil }
        return endpoints
    }

    private static let sentinelList = SettingRule<[HostPort]>(reason: "expected host:port[,host:port…]") { text in
        guard case .success(let endpoints) = HostPort.parseList(text), !endpoints.isEmpty else { return nil }
        return endpoints
    }

    /// Sentinel accepts any name without spaces; one argument, never shell text.
    private static let masterName = SettingRule<String>(reason: "expected the monitored master's name, without spaces") { text in
        text.isEmpty || text.contains(where: \.isWhitespace) ? nil : text
    }

    private static let replicaCount = SettingRule<Int>(reason: "expected a number of replicas 0…100") { text in
        Int(text).flatMap { (0...100).contains($0) ? $0 : nil }
    }

    private static let replicaTimeoutRule = SettingRule<Duration>(
        reason: "expected a duration from 1ms to \(maximumReplicaTimeout) (500ms, 1s)"
    ) { text in
        guard let duration = try? DurationParser.parse(text), duration >= .milliseconds(1), duration <= maximumReplicaTimeout else { return nil }
        return duration
    }
}
