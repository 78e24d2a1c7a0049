import ArgumentParser
import Dispatch
import Foundation
import KickoffModel
import KickoffStore
import Logging

/// `kickoff dev`: the whole system on one machine — a private Redis (unless --redis-url or
/// KICKOFF_REDIS_URL names one), the front, a pool of workers — on a pipeline file (see `--pipelines`).
/// It checks its ports and the file first, waits until the front answers, then creates an API key and
/// prints it with a ready-to-paste curl: a banner means it runs. Ctrl-C stops every child it started.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run the whole system locally: Redis, the front, workers, the example pipelines.",
        discussion: """
            The pipeline file: --pipelines, else $KICKOFF_PIPELINES, else pipelines.yaml in the current \
            directory, else examples/training/pipelines.yaml (run from a Kickoff checkout). Redis: --redis-url, \
            else $KICKOFF_REDIS_URL, else a private redis-server in a temporary directory, removed at the end. \
            Webhooks may reach loopback addresses unless $KICKOFF_WEBHOOK_ALLOW says otherwise.
            """
    )

    @OptionGroup var shared: SharedOptions
    @OptionGroup var retention: RetentionArguments
    @OptionGroup var scheduler: SchedulerArguments

    @Option(help: ArgumentHelp("Port of the front (default: $KICKOFF_PORT, else 8080).", valueName: "port")) var port: String?
    @Option(help: "How many worker processes.") var workers: Int = 2
    @Option(help: "Port of the pool's metrics endpoint (default: the front's port + 1).") var metricsPort: Int?

    static let examplePipelines = "examples/training/pipelines.yaml"

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let defaultPipelines = try Self.defaultPipelineFile(explicit: shared.pipelines ?? environment[EnvironmentVariable.pipelines])
        let settings = try shared.settingsWithLogging { overrides in
            if let defaultPipelines { overrides.pipelines = defaultPipelines }
            if let port { overrides.port = port }
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
        let frontPort = settings.port
        guard frontPort != 0 else { throw ValidationErrorText("kickoff dev needs a fixed port for the front: --port 0 is for serve") }
        let poolMetricsPort = metricsPort ?? frontPort + 1
        // Before anything starts: a port in use would otherwise show up as a child's bind error after the banner.
        try DevPorts.checkFree(host: settings.host, ports: [("the front", frontPort, "--port or KICKOFF_PORT"),
                                                            ("the workers' metrics", poolMetricsPort, "--metrics-port")])
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
        // Webhooks to a receiver on this machine are the point of a local setup (the banner says so).
        let webhookAllow = childEnvironment["KICKOFF_WEBHOOK_ALLOW"] ?? Self.loopbackWebhooks
        childEnvironment["KICKOFF_WEBHOOK_ALLOW"] = webhookAllow
        // In the environment, not on the command lines: any local user can read those, and the URL may hold a password.
        childEnvironment[EnvironmentVariable.redisURL] = redisURL
        let common = ["--pipelines", settings.pipelines, "--namespace", settings.namespace, "--partitions", String(settings.partitions.count),
                      "--log-level", settings.logLevel.rawValue, "--log-format", settings.logFormat.rawValue] + retention.forwarded + scheduler.forwarded
        do {
            try children.start("front", ["serve", "--host", settings.host, "--port", String(frontPort)] + common, environment: childEnvironment)
            try children.start("pool", ["pool", "--workers", String(workers), "--metrics-host", settings.host,
                                        "--metrics-port", String(poolMetricsPort)] + common, environment: childEnvironment)
        } catch {
            await children.stopAll()
            throw error
        }
        let url = "http://\(settings.host):\(frontPort)"
        do {
            try await children.waitUntilListening(name: "front", host: settings.host, port: frontPort)
        } catch {
            await children.stopAll()
            throw error
        }
        let redisText = settings.redisURLSource == .defaultValue
            ? "a private Redis \(redisURL)" : "Redis \(RedisURLText.redacted(redisURL)) (from \(settings.redisURLSource))"
        let banner = """
            Kickoff is running: front \(url), \(workers) workers, \(redisText), pipelines \(settings.pipelines)
            Metrics: \(url)/metrics (front, queue) and http://\(settings.host):\(poolMetricsPort)/metrics (workers)
            Webhooks may go to: \(webhookAllow) (KICKOFF_WEBHOOK_ALLOW)
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

    static let loopbackWebhooks = "127.0.0.0/8,::1/128"

    /// The file dev runs when neither --pipelines nor KICKOFF_PIPELINES names one: `pipelines.yaml`
    /// in the current directory, else the training example of a checkout; nil when one was named.
    static func defaultPipelineFile(explicit: String?, directory: String = FileManager.default.currentDirectoryPath) throws -> String? {
        guard explicit == nil else { return nil }
        for candidate in ["pipelines.yaml", examplePipelines] where FileManager.default.fileExists(atPath: directory + "/" + candidate) {
            return candidate
        }
        throw ValidationErrorText("""
            no pipeline file: neither ./pipelines.yaml nor ./\(examplePipelines) exists in \(directory). \
            Name one with --pipelines FILE or KICKOFF_PIPELINES, or run kickoff dev from a Kickoff checkout.
            """)
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
