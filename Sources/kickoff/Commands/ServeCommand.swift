import ArgumentParser
import Foundation
import KickoffFront
import KickoffModel
import KickoffStore
import Logging

/// `kickoff serve`: the HTTP trigger front. It validates, stores and answers; it never runs a step.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the HTTP trigger front.")

    @OptionGroup var shared: SharedOptions
    @OptionGroup var retention: RetentionArguments
    @OptionGroup var scheduler: SchedulerArguments

    @Option(help: ArgumentHelp("Address to listen on (default: $KICKOFF_HOST, else 127.0.0.1).", valueName: "host"))
    var host: String?

    @Option(help: ArgumentHelp("Port to listen on (default: $KICKOFF_PORT, else 8080).", valueName: "port"))
    var port: String?

    @Option(help: ArgumentHelp("Requests per second per API key on the routes that trigger, cancel or administer; 0 turns the limit off.", valueName: "rate"))
    var rateLimit: Double = 100

    @Option(help: ArgumentHelp("Such requests an API key may send in one burst.", valueName: "count"))
    var rateBurst: Int = 200

    @Option(help: ArgumentHelp("Requests per second per API key on the read routes (a bucket of their own); 0 turns the limit off.", valueName: "rate"))
    var readRateLimit: Double = RateLimit.defaultReads.requestsPerSecond

    @Option(help: ArgumentHelp("Reads an API key may send in one burst.", valueName: "count"))
    var readRateBurst: Int = RateLimit.defaultReads.burst

    @Option(help: ArgumentHelp("Failed dashboard logins a client address may make per minute; 0 turns the limit off.", valueName: "count"))
    var loginAttempts: Int = RateLimit.defaultLoginAttempts

    @Option(help: ArgumentHelp("Close a connection that sends nothing for this long (default 60s).", valueName: "duration"))
    var idleTimeout: String?

    @Option(help: ArgumentHelp("Serve HTTPS with this PEM certificate chain (default: $KICKOFF_TLS_CERT); needs --tls-key.", valueName: "file"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The PEM private key of --tls-cert (default: $KICKOFF_TLS_KEY).", valueName: "file"))
    var tlsKey: String?

    @Option(help: ArgumentHelp("Open client connections at most; more wait unaccepted (default: half the open-file limit less 64).",
                               valueName: "count"))
    var maxConnections: Int?

    @Option(help: ArgumentHelp("Event streams and waiting invokes followed at once; beyond, 503.", valueName: "count"))
    var maxStreams: Int = 256

    @Option(help: ArgumentHelp("Event streams one API key may hold open at once; beyond, 503.", valueName: "count"))
    var maxStreamsPerKey: Int = 32

    func validate() throws {
        guard loginAttempts >= 0 else { throw ValidationError("--login-attempts: expected 0 or more, got \(loginAttempts)") }
        if let maxConnections, maxConnections < 1 { throw ValidationError("--max-connections: expected 1 or more, got \(maxConnections)") }
        guard maxStreams >= 1 else { throw ValidationError("--max-streams: expected 1 or more, got \(maxStreams)") }
        guard maxStreamsPerKey >= 1 else { throw ValidationError("--max-streams-per-key: expected 1 or more, got \(maxStreamsPerKey)") }
    }

    func run() async throws {
        let settings = try shared.settingsWithLogging { overrides in
            overrides.host = host
            overrides.port = port
            overrides.tlsCertificate = tlsCert
            overrides.tlsKey = tlsKey
            retention.apply(to: &overrides)
            scheduler.apply(to: &overrides)
        }
        let idle = try parseDuration(self.idleTimeout, "--idle-timeout") ?? .seconds(60)
        let logger = Logger(label: "kickoff.front")
        hideFromSameUserProcesses(logger)
        let openFileLimit = prepareLongRunningProcess("serve", logger)
        let pipelines: PipelineFile
        do {
            pipelines = try PipelineFileLoader.load(path: settings.pipelines)
        } catch {
            for line in error.lines { logger.error("\(line)") }
            throw ExitCode.failure
        }
        let webhooks = try WebhookSettings(secret: settings.webhookSecret, environment: ProcessInfo.processInfo.environment)
        var configuration = FrontConfiguration(
            store: try StoreConfiguration(settings: settings), namespace: settings.namespace, pipelines: pipelines,
            host: settings.host, port: settings.port,
            rateLimit: rateLimit > 0 ? RateLimit(requestsPerSecond: rateLimit, burst: rateBurst) : nil,
            readRateLimit: readRateLimit > 0 ? RateLimit(requestsPerSecond: readRateLimit, burst: readRateBurst) : nil,
            loginRateLimit: loginAttempts > 0 ? .perMinute(loginAttempts) : nil,
            retention: settings.runRetention, logRetention: settings.logRetention, deadLetterRetention: settings.deadLetterRetention,
            scheduler: settings.scheduler,
            callbackPolicy: webhooks.policy,
            idleTimeout: idle,
            tls: settings.tlsCertificate.flatMap { certificate in
                settings.tlsKey.map { FrontTLS(certificatePath: certificate, privateKeyPath: $0) }
            }
        )
        configuration.partitions = settings.partitions
        configuration.maximumFollowers = maxStreams
        configuration.maximumStreamsPerKey = maxStreamsPerKey
        configuration.maximumConnections = maxConnections ?? FrontConfiguration.defaultMaximumConnections(openFileLimit: openFileLimit)
        try await Front(configuration: configuration, logger: logger).run()
    }
}
