import Foundation
public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import KickoffModel
import KickoffStore
public import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

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
        let operations = QueueOperations(keys: StoreKeys(namespace: configuration.namespace, partitions: configuration.partitions), retention: configuration.retention,
                                         logRetention: configuration.logRetention, deadLetterRetention: configuration.deadLetterRetention)
        let store = Store(configuration: configuration.store, operations: operations, connections: configuration.redisConnections,
                          latency: metrics.redis)
        state = FrontState(configuration: configuration, store: store, metrics: metrics, logger: logger)
    }

    /// The router with every route of the API, its problem and key middleware.
    public func makeRouter() -> Router<FrontRequestContext> {
        FrontRouter.make(state: state)
    }

    /// The Hummingbird application, bound to `configuration.host:port`; HTTPS when `configuration.tls`
    /// is set (throws when its files are not a usable certificate and key).
    public func makeApplication() throws(FrontTLSError) -> some ApplicationProtocol {
        Application(
            router: makeRouter(),
            server: try makeServer(),
            // At most maximumConnections accepted at once: beyond, the rest wait in the listen backlog
            // rather than take descriptors the front needs for Redis (out of them, it used to crash).
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port),
                                                    serverName: "kickoff",
                                                    availableConnectionsDelegate: configuration.maximumConnections.map {
                                                        MaximumAvailableConnections($0, logger: logger)
                                                    }),
            // Said once bound, not before: a port in use must not follow a "listening" line.
            onServerRunning: { [configuration, logger] channel in
                logger.info("kickoff front listening", metadata: [
                    "address": "\(channel.localAddress.map { "\($0)" } ?? "\(configuration.host):\(configuration.port)")",
                    "max_connections": "\(configuration.maximumConnections.map(String.init) ?? "none")",
                    "scheme": "\(configuration.tls == nil ? "http" : "https")",
                    "redis": "\(configuration.store.endpoint)",
                    "namespace": "\(configuration.namespace)", "pipelines": "\(configuration.pipelines.names.joined(separator: ","))",
                ])
            },
            logger: logger
        )
    }

    /// HTTP/1.1 with the idle timeout and header limits against slow or oversized clients, inside TLS
    /// when configured. (Bodies are limited per route, by `bodyLimit`.)
    private func makeServer() throws(FrontTLSError) -> HTTPServerBuilder {
        let limits = HTTP1Channel.Configuration.DecoderConfiguration(
            maxHeaderFieldSize: configuration.maximumHeaderBytes, maxHeaderListSize: configuration.maximumHeaderBytes, maxHeaderFieldCount: 100)
        let idle = TimeAmount.nanoseconds(Int64(configuration.idleTimeout / .nanoseconds(1)))
        let http1 = HTTPServerBuilder.http1(configuration: HTTP1Channel.Configuration(idleTimeout: idle, httpDecoderConfiguration: limits))
        guard let tls = configuration.tls else { return http1 }
        let tlsConfiguration = try tls.serverConfiguration()
        do {
            return try .tls(http1, tlsConfiguration: tlsConfiguration)
        } catch {
            throw .unusable(reason: "\(error)")
        }
    }

    /// Serves until SIGINT or SIGTERM, then closes the Redis connections. One `ServiceGroup`: the
    /// HTTP server (its graceful shutdown waits for open responses; long streams end), the
    /// scheduler, and the Redis client, stopped in that order.
    public func run() async throws {
        // Every front also runs the scheduler: one process among fronts and workers leads and fires.
        let scheduler = Scheduler(store: state.store.schedules,
                                  pipelines: configuration.pipelines,
                                  configuration: configuration.scheduler.configuration(owner: "\(ProcessInfo.processInfo.hostName)/\(getpid())"),
                                  logger: Logger(label: "kickoff.scheduler"))
        // Before anything opens a Redis connection: a bad certificate ends the front with nothing to close.
        let application = try makeApplication()
        let services = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [
                // Graceful shutdown goes from the last to the first.
                .init(service: StoreShutdownService(store: state.store)),
                .init(service: InstanceWatchService(store: state.store, metrics: state.metrics, logger: logger),
                      successTerminationBehavior: .ignore),
                // Without schedules it returns at once; the front goes on.
                .init(service: SchedulerService(scheduler: scheduler), successTerminationBehavior: .ignore),
                .init(service: application, failureTerminationBehavior: .gracefullyShutdownGroup),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        // Redis may not be up yet: then the checks are skipped, and /readyz tells when it is.
        if let problem = await state.store.permissionProblem() {
            await state.store.shutdown()
            throw FrontRedisPermissionError(description: problem)
        }
        for warning in await state.store.persistenceWarnings() ?? [] { logger.warning("\(warning)") }
        // Partitions: every partition gets its copy of the webhook endpoints before the first trigger
        // (one new since a change of N has none); the workers' deliverers keep them up to date after.
        do {
            try await state.store.webhooks.syncEndpoints()
        } catch {
            logger.warning("cannot copy the webhook endpoints to every partition; the workers will", metadata: ["error": "\(error)"])
        }
        for source in configuration.pipelines.sources where configuration.sourceSecrets[source.name] == nil {
            logger.warning("hook source without its secret: its deliveries are answered 503",
                           metadata: ["source": "\(source.name)", "secret_env": "\(source.secretEnv)"])
        }
        do {
            try await services.run()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw FrontListenError(host: configuration.host, port: configuration.port, reason: "the address is in use")
        }
    }
}
