import KickoffModel
import KickoffStore
import Logging
import RedisClient

/// What the routes share: the configuration, the pipeline file, and the stores over the one
/// non-blocking Redis client. Every Redis call made here goes through `RedisClient` (SwiftNIO,
/// never blocking a thread); blocking reads (XREAD BLOCK) use `withDedicatedConnection`.
struct FrontState: Sendable {
    let configuration: FrontConfiguration
    let client: RedisClient
    let runs: RunStore
    let keys: APIKeyStore
    let webhooks: WebhookStore
    let idempotency: IdempotencyStore
    /// Per API key, for the API.
    let rateLimiter: RateLimiter?
    /// Per client address, for failed dashboard logins.
    let loginLimiter: RateLimiter?
    let metrics: FrontMetrics
    let followers: FollowerLimit
    let logger: Logger

    init(configuration: FrontConfiguration, client: RedisClient, metrics: FrontMetrics, logger: Logger) {
        self.configuration = configuration
        self.client = client
        let runKeys = StoreKeys(namespace: configuration.namespace)
        runs = RunStore(client: client, operations: QueueOperations(keys: runKeys, retention: configuration.retention,
                                                                  logRetention: configuration.logRetention,
                                                                  deadLetterRetention: configuration.deadLetterRetention))
        keys = APIKeyStore(client: client, keys: runKeys)
        webhooks = WebhookStore(client: client, operations: runs.operations)
        idempotency = IdempotencyStore(client: client, prefix: runKeys.prefix, ttl: configuration.idempotencyTTL)
        rateLimiter = configuration.rateLimit.map { RateLimiter(client: client, keyPrefix: runKeys.prefix + "ratelimit:", limit: $0) }
        loginLimiter = configuration.loginRateLimit.map { RateLimiter(client: client, keyPrefix: runKeys.prefix + "loginlimit:", limit: $0) }
        self.metrics = metrics
        followers = FollowerLimit(maximum: configuration.maximumFollowers)
        self.logger = logger
    }

    var pipelines: PipelineFile { configuration.pipelines }
    var runKeys: StoreKeys { runs.operations.keys }

    /// The pipeline named in a path, or 404.
    func pipeline(named name: String) throws(Problem) -> Pipeline {
        guard let pipeline = pipelines.pipeline(named: name) else {
            let known = pipelines.names.joined(separator: ", ")
            throw .notFound("no pipeline '\(name)'; the pipelines are \(known.isEmpty ? "(none)" : known)")
        }
        return pipeline
    }

    /// The run object, with its webhook attempts once it is final (before that there are none).
    func runObject(_ record: RunRecord) async throws -> RunObject {
        guard record.status.isFinal else { return RunObject(record: record) }
        let attempts = try await webhooks.deliveries(runID: record.id)
        return RunObject(record: record, webhookDeliveries: attempts.map(RunObject.WebhookDelivery.init))
    }

    /// The run with a valid id, or 404 (an id that is not a UUID never reaches a Redis key).
    func run(id: String) async throws -> RunRecord {
        guard RunID.isValid(id) else { throw Self.notARunID(id) }
        guard let record = try await runs.run(id: id) else {
            throw Problem.notFound("no run '\(id)'")
        }
        return record
    }

    /// 404 for an id that cannot be a run's; it is not echoed whole (it may be huge, or binary).
    static func notARunID(_ id: String) -> Problem {
        let shown = id.unicodeScalars.prefix(40).map { $0.properties.isPatternWhitespace || $0.value < 0x20 ? "?" : String($0) }.joined()
        return Problem.notFound("no run '\(shown)\(id.unicodeScalars.count > 40 ? "…" : "")': run ids are UUIDs")
    }
}
