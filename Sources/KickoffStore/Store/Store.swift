public import KickoffModel
import RedisClient

/// Kickoff's Redis for async code (the front, the client commands): every key and script behind
/// typed methods, over one pipelining, non-blocking client. Every call throws `StoreError`.
///
/// ```swift
/// let store = Store(configuration: try StoreConfiguration(settings: settings), operations: settings.queueOperations)
/// let record = try await store.runs.run(id: id)
/// await store.shutdown()
/// ```
/// (The worker's threads use the blocking `WorkerQueue` instead.)
public final class Store: Sendable {
    public let configuration: StoreConfiguration
    public var keys: StoreKeys { runs.operations.keys }
    /// Runs and the queue: enqueue, read, cancel, purge, list, the queue's figures.
    public let runs: RunStore
    public let apiKeys: APIKeyStore
    public let webhooks: WebhookStore
    public let schedules: SchedulerStore
    public let dashboardSessions: DashboardSessionStore
    /// Inbound hook deliveries: de-duplication, recent deliveries, counters.
    public let hooks: HookStore
    /// The live workers and the per-minute history.
    public let fleet: FleetStore
    /// Following runs' event streams, each on a connection of its own.
    public let eventStreams: RunEventStreams
    private let client: StoreClient

    /// `connections`: pooled connections of the pipelining client (event streams open their own).
    /// `latency`: where each command's round trip is timed (`kickoff_redis_command_duration_seconds`).
    public init(configuration: StoreConfiguration, operations: QueueOperations, connections: Int = 2,
                latency: RedisLatencyMetrics? = nil) {
        self.configuration = configuration
        let redis = latency.map { $0.observing(configuration.redis) } ?? configuration.redis
        let client = RedisClient(configuration: redis, connectionCount: connections)
        let storeClient = StoreClient(redis: client)
        self.client = storeClient
        runs = RunStore(client: client, operations: operations)
        apiKeys = APIKeyStore(client: client, keys: operations.keys)
        webhooks = WebhookStore(client: client, operations: operations)
        schedules = SchedulerStore(client: client, operations: operations)
        dashboardSessions = DashboardSessionStore(client: storeClient, keys: operations.keys)
        eventStreams = RunEventStreams(client: storeClient, keys: operations.keys)
        hooks = HookStore(client: storeClient, operations: operations)
        fleet = FleetStore(client: storeClient, keys: operations.keys)
    }

    /// `Idempotency-Key`s, each remembered for `ttl` once its run is stored.
    public func idempotency(ttl: Duration) -> IdempotencyStore {
        IdempotencyStore(client: client, keys: keys, ttl: ttl)
    }

    /// A token bucket per API key (by name).
    public func rateLimiter(perAPIKey limit: RateLimit) -> RateLimiter {
        let keys = self.keys
        return RateLimiter(client: client, limit: limit) { keys.rateLimit(apiKeyName: $0) }
    }

    /// A token bucket per API key (by name) for the read routes, apart from the one above.
    public func rateLimiter(readsPerAPIKey limit: RateLimit) -> RateLimiter {
        let keys = self.keys
        return RateLimiter(client: client, limit: limit) { keys.readRateLimit(apiKeyName: $0) }
    }

    /// A token bucket per client address, for failed dashboard logins.
    public func rateLimiter(loginsPerAddress limit: RateLimit) -> RateLimiter {
        let keys = self.keys
        return RateLimiter(client: client, limit: limit) { keys.loginLimit(address: $0) }
    }

    /// What to tell the operator when this store's Redis user may not run every command Kickoff
    /// needs (`RedisPermissions`); nil when it may, or when Redis cannot be asked now.
    public func permissionProblem() async -> String? {
        let redis = configuration.redis
        guard let missing = await missingPermissions(failover: RedisPermissions.sendsFailoverCommands(redis), cluster: redis.cluster != nil),
              !missing.isEmpty else { return nil }
        return RedisPermissions.message(missing: missing, user: redis.username)
    }

    /// The commands Kickoff needs that Redis refuses this store's user (`RedisPermissions`); nil when
    /// Redis cannot be asked now.
    public func missingPermissions(failover: Bool, cluster: Bool = false) async -> [String]? {
        let call = RedisPermissions.call(keys, failover: failover, cluster: cluster)
        do {
            return (try await client.run(call.script, keys: call.keys, arguments: call.arguments)).array?.compactMap(\.string) ?? []
        } catch where error.kind == .notPermitted {
            return ["eval", "evalsha"]
        } catch {
            return nil
        }
    }

    /// Checks the instance marker (`InstanceWatch`): true when Redis lost its data since the last check.
    public func checkInstance(_ watch: inout InstanceWatch) async throws(StoreError) -> Bool {
        let call = watch.call(keys)
        return watch.observe(previous: try await client.run(call.script, keys: call.keys, arguments: call.arguments).string)
    }

    /// Returns when Redis answers PING.
    public func ping() async throws(StoreError) {
        _ = try await client.send(RedisCommand("PING"))
    }

    /// Redis's clock, Unix milliseconds: the time every process plans against.
    public func time() async throws(StoreError) -> Int64 {
        try await client.send(RedisCommand("TIME")).timeMilliseconds
    }

    /// Redis's memory (`INFO memory`): whether it is full. nil when Redis refuses `INFO` (an ACL
    /// user without it); throws when Redis does not answer.
    public func memory() async throws(StoreError) -> RedisMemory? {
        let reply: RedisReply
        do {
            reply = try await client.send(RedisCommand("INFO", "memory"))
        } catch where !error.isTransient {
            return nil
        }
        return reply.string.flatMap(RedisMemory.init(info:))
    }

    /// What in Redis's configuration puts accepted runs at risk (`RedisPersistenceCheck`); nil when
    /// Redis does not answer (none when it refuses CONFIG).
    public func persistenceWarnings() async -> [String]? {
        guard let replies = try? await client.pipeline(RedisPersistenceCheck.commands) else { return nil }
        return RedisPersistenceCheck.warnings(replies)
    }

    /// Closes the connections.
    public func shutdown() async {
        await client.redis.shutdown()
    }
}
