public import KickoffModel
public import RedisClient

extension Settings {
    /// The Redis URL parsed; the error names the flag or variable it came from (with the password hidden).
    /// With sentinels, the URL's user, password and database still apply to the data nodes.
    public func redisConfiguration() throws(ConfigurationError) -> RedisConfiguration {
        do {
            var configuration = try RedisConfiguration(url: redisURL)
            configuration.sentinel = redisFailover.sentinel
            configuration.replicaAcknowledgement = redisFailover.replicaAcknowledgement
            return configuration
        } catch {
            let reason = if case .invalidURL(_, let reason) = error { reason } else { "\(error)" }
            throw ConfigurationError(source: redisURLSource, value: Self.redactedURL(redisURL), reason: reason)
        }
    }

    /// The queue's script calls with these retentions.
    public var queueOperations: QueueOperations {
        QueueOperations(keys: StoreKeys(namespace: namespace), retention: runRetention, logRetention: logRetention,
                        deadLetterRetention: deadLetterRetention)
    }
}
