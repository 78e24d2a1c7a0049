import ArgumentParser
import Foundation
import KickoffModel
import KickoffTelemetry

/// The options every command takes. Each defaults to nil, so that `Settings` can fall back to the
/// environment and then to the default.
struct SharedOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Redis URL, redis://[user:password@]host:port/db.", valueName: "url"))
    var redisURL: String?

    @Option(help: ArgumentHelp("Find the primary through these Redis Sentinels (the URL's host and port are then not used).", valueName: "host:port,…"))
    var redisSentinels: String?

    @Option(help: ArgumentHelp("The master name the sentinels monitor.", valueName: "name"))
    var redisMaster: String?

    @Option(help: ArgumentHelp("Replicas that must confirm a trigger before its 202 (default: 1 with sentinels, else 0).", valueName: "n"))
    var redisMinReplicas: String?

    @Option(help: ArgumentHelp("How long to wait for those replicas (default: 1s); then 503.", valueName: "duration"))
    var redisReplicaTimeout: String?

    @Option(help: ArgumentHelp("The pipeline file (default: $KICKOFF_PIPELINES, else pipelines.yaml).", valueName: "file"))
    var pipelines: String?

    @Option(help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel: String?

    @Option(help: ArgumentHelp("text or json (one object per line).", valueName: "format"))
    var logFormat: String?

    @Option(help: ArgumentHelp("Prefix of every Redis key (default: kickoff).", valueName: "name"))
    var namespace: String?

    var overrides: SettingsOverrides {
        SettingsOverrides(redisURL: redisURL, pipelines: pipelines, logLevel: logLevel, logFormat: logFormat, namespace: namespace,
                          redisSentinels: redisSentinels, redisMaster: redisMaster, redisMinReplicas: redisMinReplicas,
                          redisReplicaTimeout: redisReplicaTimeout)
    }

    /// The settings from these flags and the process environment, with logging set up from them.
    func settingsWithLogging(_ adjust: (inout SettingsOverrides) -> Void = { _ in }) throws -> Settings {
        var overrides = self.overrides
        adjust(&overrides)
        // A ConfigurationError names the flag or variable; ArgumentParser prints it and exits 1.
        let settings = try Settings(environment: ProcessInfo.processInfo.environment, overrides: overrides)
        LoggingSetup.bootstrap(format: settings.logFormat, level: settings.logLevel)
        return settings
    }

    /// These flags as given, for the command line of a child process (`kickoff pool` → `kickoff worker`).
    /// Not `--redis-url`: it may hold a password, and any local user can read a command line
    /// (`ps`, /proc/PID/cmdline); it goes in `forwardedEnvironment` instead.
    var forwarded: [String] {
        forwardedFlags([("--pipelines", pipelines), ("--log-level", logLevel),
                        ("--log-format", logFormat), ("--namespace", namespace), ("--redis-sentinels", redisSentinels),
                        ("--redis-master", redisMaster), ("--redis-min-replicas", redisMinReplicas), ("--redis-replica-timeout", redisReplicaTimeout)])
    }

    /// `environment` with the flags that carry secrets set as their variables, for a child process.
    func forwardedEnvironment(_ environment: [String: String]) -> [String: String] {
        var environment = environment
        if let redisURL { environment[EnvironmentVariable.redisURL] = redisURL }
        return environment
    }
}
