import KickoffModel
import KickoffStore
import Logging

/// What the routes share: the configuration, the pipeline file, and the store over the one
/// non-blocking Redis client (SwiftNIO, never blocking a thread); blocking reads (XREAD BLOCK) run
/// on connections of their own (`store.eventStreams`).
struct FrontState: Sendable {
    let configuration: FrontConfiguration
    let store: Store
    let runs: RunStore
    let keys: APIKeyStore
    let webhooks: WebhookStore
    let idempotency: IdempotencyStore
    /// Per API key, for the API's routes that trigger, cancel or administer (and the dashboard's forms).
    let rateLimiter: RateLimiter?
    /// Per API key, for the API's read routes.
    let readRateLimiter: RateLimiter?
    /// Per client address, for failed dashboard logins.
    let loginLimiter: RateLimiter?
    let metrics: FrontMetrics
    let followers: FollowerLimit
    let logger: Logger

    init(configuration: FrontConfiguration, store: Store, metrics: FrontMetrics, logger: Logger) {
        self.configuration = configuration
        self.store = store
        runs = store.runs
        keys = store.apiKeys
        webhooks = store.webhooks
        idempotency = store.idempotency(ttl: configuration.idempotencyTTL)
        rateLimiter = configuration.rateLimit.map { store.rateLimiter(perAPIKey: $0) }
        readRateLimiter = configuration.readRateLimit.map { store.rateLimiter(readsPerAPIKey: $0) }
        loginLimiter = configuration.loginRateLimit.map { store.rateLimiter(loginsPerAddress: $0) }
        self.metrics = metrics
        followers = FollowerLimit(maximum: configuration.maximumFollowers, maximumPerKey: configuration.maximumStreamsPerKey)
        self.logger = logger
    }

    var pipelines: PipelineFile { configuration.pipelines }

    /// The front answers HTTPS itself (`--tls-cert`): its cookies are `Secure`, its answers carry HSTS.
    var servesTLS: Bool { configuration.tls != nil }

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
        guard record.status.isFinal else { return RunObject(record: try await runs.explainingWaits([record]).first ?? record) }
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
