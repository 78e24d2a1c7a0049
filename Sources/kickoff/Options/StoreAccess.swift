import ArgumentParser
import Foundation
import KickoffModel
import KickoffStore
import KickoffTelemetry
import KickoffWorker

/// Runs `body` with the store on the configured Redis and its settings, closing the connection after.
/// For the commands that talk to Redis directly (`keys`, `webhooks`) rather than to the front. A Redis
/// that cannot be reached or refuses a command is told in a few lines naming `--redis-url`, on stderr,
/// and exits 1: never a raw client error.
func withStore<Result: Sendable>(_ options: RedisOptions, _ body: (Store, Settings) async throws -> Result) async throws -> Result {
    var overrides = SettingsOverrides()
    options.apply(to: &overrides)
    // A ConfigurationError names the flag or variable; ArgumentParser prints it and exits 1.
    let settings = try Settings(environment: ProcessInfo.processInfo.environment, overrides: overrides)
    // The Redis client logs (reconnects, …) as the processes do: on stderr, at $KICKOFF_LOG_LEVEL.
    LoggingSetup.bootstrap(format: settings.logFormat, level: settings.logLevel)
    let store = Store(configuration: try StoreConfiguration(settings: settings),
                      operations: QueueOperations(keys: StoreKeys(namespace: settings.namespace, partitions: settings.partitions)), connections: 1)
    do {
        let result = try await body(store, settings)
        await store.shutdown()
        return result
    } catch {
        await store.shutdown()
        guard let storeError = StoreErrorText.storeError(in: error) else { throw error }
        StandardError.write(lines: StoreErrorText.lines(storeError, settings: settings))
        throw ExitCode.failure
    }
}

/// What `keys` and `webhooks` print when Redis fails them.
enum StoreErrorText {
    /// The store error inside a store call's error, if that is what failed.
    static func storeError(in error: any Error) -> StoreError? {
        switch error {
        case let error as StoreError: error
        case APIKeyError.store(let error): error
        case WebhookStoreError.store(let error): error
        default: nil
        }
    }

    static func lines(_ error: StoreError, settings: Settings) -> [String] {
        let sentinels = settings.redisFailover.sentinels
        let clusterNodes = settings.redisFailover.clusterNodes
        let target = if !clusterNodes.isEmpty {
            "the Redis Cluster of \(clusterNodes.map { "\($0)" }.joined(separator: ","))"
        } else if sentinels.isEmpty {
            "Redis at \(Settings.redactedURL(settings.redisURL))"
        } else {
            "Redis through the sentinels \(sentinels.map { "\($0)" }.joined(separator: ","))"
        }
        let hint = "  `kickoff keys` and `kickoff webhooks` talk to Redis directly, not to the front: give them the front's Redis "
            + "with --redis-url or \(EnvironmentVariable.redisURL) (and its --namespace, if not the default)."
        guard error.kind == .unavailable else {
            return ["kickoff: \(target): \(error.description)", hint]
        }
        return ["kickoff: cannot reach \(target) (\(TransportFailure(text: error.description)))", hint]
    }
}
