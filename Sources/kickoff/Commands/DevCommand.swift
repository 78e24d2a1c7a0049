import ArgumentParser
import Dispatch
import Foundation
import KickoffModel
import KickoffStore
import Logging

/// `kickoff dev`: the whole system on one machine — a private Redis (unless --redis-url), the front,
/// a pool of workers — on the given pipeline file (default: the training example). It creates an API
/// key and prints it with a ready-to-paste curl. Ctrl-C stops every child it started.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run the whole system locally: Redis, the front, workers, the example pipelines."
    )

    @OptionGroup var shared: SharedOptions
    @OptionGroup var retention: RetentionArguments
    @OptionGroup var scheduler: SchedulerArguments

    @Option(help: "Port of the front.") var port: Int = 8080
    @Option(help: "How many worker processes.") var workers: Int = 2
    @Option(help: "Port of the pool's metrics endpoint (default: the front's port + 1).") var metricsPort: Int?

    static let examplePipelines = "examples/training/pipelines.yaml"

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let settings = try shared.settingsWithLogging { overrides in
            if overrides.pipelines == nil, environment[EnvironmentVariable.pipelines] == nil { overrides.pipelines = Self.examplePipelines }
            retention.apply(to: &overrides)
            scheduler.apply(to: &overrides)
        }
        let logger = Logger(label: "kickoff.dev")
        hideFromSameUserProcesses(logger)
        prepareLongRunningProcess("dev", logger)
        do {
            _ = try PipelineFileLoader.load(path: settings.pipelines)
        } catch {
            for line in error.lines { logger.error("\(line)") }
            throw ExitCode.failure
        }
        var children = DevChildren(logger: logger)
        let redisURL: String
        if settings.redisURLSource == .defaultValue {
            redisURL = try await children.startRedis()
        } else {
            redisURL = settings.redisURL
        }
        let key: String
        do {
            key = try await createKey(redisURL: redisURL, namespace: settings.namespace)
        } catch {
            await children.stopAll()
            throw error
        }
        var childEnvironment = environment
        let poolMetricsPort = metricsPort ?? port + 1
        // Webhooks to a receiver on this machine are the point of a local setup.
        if childEnvironment["KICKOFF_WEBHOOK_ALLOW"] == nil { childEnvironment["KICKOFF_WEBHOOK_ALLOW"] = "127.0.0.0/8,::1/128" }
        // In the environment, not on the command lines: any local user can read those, and the URL may hold a password.
        childEnvironment[EnvironmentVariable.redisURL] = redisURL
        let common = ["--pipelines", settings.pipelines, "--namespace", settings.namespace,
                      "--log-level", settings.logLevel.rawValue, "--log-format", settings.logFormat.rawValue] + retention.forwarded + scheduler.forwarded
        do {
            try children.start("front", ["serve", "--host", settings.host, "--port", String(port)] + common, environment: childEnvironment)
            try children.start("pool", ["pool", "--workers", String(workers), "--metrics-host", settings.host,
                                        "--metrics-port", String(poolMetricsPort)] + common, environment: childEnvironment)
        } catch {
            await children.stopAll()
            throw error
        }
        let url = "http://\(settings.host):\(port)"
        let banner = """
            Kickoff is running: front \(url), \(workers) workers, Redis \(RedisURLText.redacted(redisURL)), pipelines \(settings.pipelines)
            Metrics: \(url)/metrics (front, queue) and http://\(settings.host):\(poolMetricsPort)/metrics (workers)
            KICKOFF_URL=\(url)
            KICKOFF_API_KEY=\(key)
            Try:
              curl -s -X POST \(url)/v1/pipelines/training_pipeline/runs -H "Authorization: Bearer \(key)" \\
                -H 'content-type: application/json' -d '{"steps":{"train_model":{"parameters":{"model_type":"gradient_boosting"}}}}'
            Ctrl-C stops everything.

            """
        // Written at once, not buffered: a script reading the key through a pipe needs it now.
        FileHandle.standardOutput.write(Data(banner.utf8))
        let reason = await children.waitForSignalOrExit()
        logger.info("stopping", metadata: ["reason": "\(reason)"])
        await children.stopAll()
        if case .childExited = reason { throw ExitCode.failure }
    }

    private func createKey(redisURL: String, namespace: String) async throws -> String {
        let store = Store(configuration: try StoreConfiguration(url: redisURL),
                          operations: QueueOperations(keys: StoreKeys(namespace: namespace)), connections: 1)
        defer { Task { await store.shutdown() } }
        let name = "dev-" + RunID.make().suffix(8)
        return try await store.apiKeys.create(name: String(name), scopes: Set(APIKeyScope.allCases)).key
    }
}

enum RedisURLText {
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
