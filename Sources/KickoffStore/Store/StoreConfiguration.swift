public import KickoffModel
public import RedisClient

/// Where the store lives: the Redis connection settings (URL, sentinels, replica acknowledgement,
/// timeouts). Made from `Settings` (or a URL); only the worker and tests look inside.
public struct StoreConfiguration: Sendable {
    public var redis: RedisConfiguration

    public init(redis: RedisConfiguration) {
        self.redis = redis
    }

    /// The configured Redis; the error names the flag or variable it came from.
    public init(settings: Settings) throws(ConfigurationError) {
        redis = try settings.redisConfiguration()
    }

    /// A Redis URL (`redis://host:port/db`).
    public init(url: String) throws(StoreError) {
        do { redis = try RedisConfiguration(url: url) } catch { throw StoreError(error) }
    }

    /// `host:port` (or the sentinels' master name), for log lines; never a password.
    public var endpoint: String { redis.endpoint }
}
