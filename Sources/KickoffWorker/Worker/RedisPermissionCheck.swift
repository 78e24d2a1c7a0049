import KickoffStore
public import Logging
public import RedisClient

/// The start-up check of `kickoff worker` and `kickoff pool`: may this Redis user run every command
/// Kickoff sends? A refusal is a configuration error, said once at start rather than as a stream of
/// failures later. Skipped when Redis cannot be reached now (the worker waits for it as usual).
public enum RedisPermissionCheck {
    /// False (after logging the missing commands) when the user lacks any; blocks the calling
    /// thread (a dedicated one: hiredis).
    public static func passes(redis: RedisConfiguration, namespace: String, logger: Logger) -> Bool {
        let queue = WorkerQueue(connection: BlockingRedisConnection(configuration: redis),
                                operations: QueueOperations(keys: StoreKeys(namespace: namespace)))
        guard let missing = try? queue.missingPermissions(failover: RedisPermissions.sendsFailoverCommands(redis),
                                                              cluster: redis.cluster != nil),
              !missing.isEmpty else { return true }
        logger.error("\(RedisPermissions.message(missing: missing, user: redis.username))")
        return false
    }
}
