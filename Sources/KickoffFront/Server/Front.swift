import Hummingbird
import KickoffCore
import Logging
import RedisClient

/// The HTTP trigger front (`kickoff serve`): validates run requests, stores them in Redis and
/// answers at once; it never runs a step.
///
/// ```swift
/// let front = Front(configuration: configuration, logger: logger)
/// try await front.run()          // serves until SIGINT/SIGTERM
/// ```
/// Tests use `front.makeApplication()` with `app.test(.router)`, or `makeRouter()`.
public struct Front: Sendable {
    public let configuration: FrontConfiguration
    public let logger: Logger
    let state: FrontState

    public init(configuration: FrontConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        // The only Redis client of the front: SwiftNIO-based, it never blocks a thread; each command timed.
        let metrics = FrontMetrics()
        let client = RedisClient(configuration: metrics.redis.observing(configuration.redis), connectionCount: configuration.redisConnections)
        state = FrontState(configuration: configuration, client: client, metrics: metrics, logger: logger)
    }

    /// The router with every route of the API, its problem and key middleware.
    public func makeRouter() -> Router<FrontRequestContext> {
        FrontRouter.make(state: state)
    }

    /// The Hummingbird application, bound to `configuration.host:port`.
    public func makeApplication() -> some ApplicationProtocol {
        Application(
            router: makeRouter(),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port),
                                                    serverName: "kickoff"),
            logger: logger
        )
    }

    /// Serves until SIGINT or SIGTERM, then closes the Redis connections.
    public func run() async throws {
        logger.info("kickoff front listening", metadata: [
            "address": "\(configuration.host):\(configuration.port)", "redis": "\(configuration.redis.endpoint)",
            "namespace": "\(configuration.namespace)", "pipelines": "\(configuration.pipelines.names.joined(separator: ","))",
        ])
        // Redis may not be up yet: then the check is skipped, and /readyz tells when it is.
        if let replies = try? await state.client.pipeline(RedisPersistenceCheck.commands) {
            for warning in RedisPersistenceCheck.warnings(replies) { logger.warning("\(warning)") }
        }
        do {
            try await makeApplication().runService()
        } catch {
            await shutdown()
            throw error
        }
        await shutdown()
    }

    /// Closes the Redis client's connections (`run()` does it itself).
    public func shutdown() async {
        await state.client.shutdown()
    }
}

/// The front's application for `kickoff serve`; see `Front`.
public func makeFrontApplication(configuration: FrontConfiguration, logger: Logger) -> some ApplicationProtocol {
    Front(configuration: configuration, logger: logger).makeApplication()
}
