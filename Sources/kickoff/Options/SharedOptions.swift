import ArgumentParser
import Foundation
import KickoffModel
import KickoffTelemetry

/// The options of the processes (`serve`, `worker`, `pool`, `dev`, `pipelines list`): where Redis is
/// (`RedisOptions`), the pipeline file, logging, replica acknowledgement. Each defaults to nil, so
/// that `Settings` can fall back to the environment and then to the default.
struct SharedOptions: ParsableArguments {
    @OptionGroup var redis: RedisOptions

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

    var overrides: SettingsOverrides {
        var overrides = SettingsOverrides(pipelines: pipelines, logLevel: logLevel, logFormat: logFormat,
                                          redisMinReplicas: redisMinReplicas, redisReplicaTimeout: redisReplicaTimeout)
        redis.apply(to: &overrides)
        return overrides
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
    /// Not `--redis-url`: it goes in `forwardedEnvironment` (see `RedisOptions.forwarded`).
    var forwarded: [String] {
        forwardedFlags([("--pipelines", pipelines), ("--log-level", logLevel), ("--log-format", logFormat)]) + redis.forwarded
            + forwardedFlags([("--redis-min-replicas", redisMinReplicas), ("--redis-replica-timeout", redisReplicaTimeout)])
    }

    /// `environment` with the flags that carry secrets set as their variables, for a child process.
    func forwardedEnvironment(_ environment: [String: String]) -> [String: String] {
        var environment = environment
        if let redisURL = redis.redisURL { environment[EnvironmentVariable.redisURL] = redisURL }
        return environment
    }
}
