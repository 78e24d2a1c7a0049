public import KickoffModel
public import RedisClient

extension Settings {
    /// The Redis URL parsed; the error names the flag or variable it came from (with the password hidden).
    /// With sentinels or a cluster, the URL's user, password and database still apply to the data
    /// nodes (a cluster has only database 0).
    public func redisConfiguration() throws(ConfigurationError) -> RedisConfiguration {
        var configuration: RedisConfiguration
        do {
            configuration = try RedisConfiguration(url: redisURL)
        } catch {
            let reason = if case .invalidURL(_, let reason) = error { reason } else { "\(error)" }
            throw ConfigurationError(source: redisURLSource, value: Self.redactedURL(redisURL), reason: reason)
        }
        configuration.sentinel = redisFailover.sentinel
        configuration.cluster = redisFailover.cluster(homeKey: StoreKeys(namespace: namespace).prefix)
        if configuration.cluster != nil, configuration.database != 0 {
            throw ConfigurationError(source: redisURLSource, value: Self.redactedURL(redisURL),
                                     reason: "Redis Cluster has only database 0 (\(EnvironmentVariable.redisCluster) is set)")
        }
        configuration.replicaAcknowledgement = redisFailover.replicaAcknowledgement
        return configuration
    }

    /// The queue's script calls with these retentions.
    public var queueOperations: QueueOperations {
        QueueOperations(keys: StoreKeys(namespace: namespace, partitions: partitions), retention: runRetention, logRetention: logRetention,
                        deadLetterRetention: deadLetterRetention)
    }
}
