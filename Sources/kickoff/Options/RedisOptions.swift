import ArgumentParser
import KickoffModel

/// Where Redis is and the prefix of every key: all that the commands talking to Redis directly
/// (`keys`, `webhooks`) take, and part of `SharedOptions` for the processes (`serve`, `worker`, …).
/// Each defaults to nil, so that `Settings` falls back to the environment and then to the default.
struct RedisOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Redis URL, redis://[user:password@]host:port/db (default: $KICKOFF_REDIS_URL, else redis://127.0.0.1:6379/0).",
                               valueName: "url"))
    var redisURL: String?

    @Option(help: ArgumentHelp("Find the primary through these Redis Sentinels (the URL's host and port are then not used).", valueName: "host:port,…"))
    var redisSentinels: String?

    @Option(help: ArgumentHelp("The master name the sentinels monitor.", valueName: "name"))
    var redisMaster: String?

    @Option(help: ArgumentHelp("Redis Cluster: some of its nodes, asked for the slot map (the URL's host and port are then not used).",
                               valueName: "host:port,…"))
    var redisCluster: String?

    @Option(help: ArgumentHelp("Prefix of every Redis key (default: $KICKOFF_NAMESPACE, else kickoff).", valueName: "name"))
    var namespace: String?

    @Option(help: ArgumentHelp("How many hash tags runs are spread over, 1…256 (default: $KICKOFF_PARTITIONS, else 1); every process of an installation must agree.",
                               valueName: "n"))
    var partitions: String?

    func apply(to overrides: inout SettingsOverrides) {
        overrides.partitions = partitions
        overrides.redisURL = redisURL
        overrides.redisSentinels = redisSentinels
        overrides.redisMaster = redisMaster
        overrides.redisCluster = redisCluster
        overrides.namespace = namespace
    }

    /// These flags as given, for a child process's command line. Not `--redis-url`: it may hold a
    /// password, and any local user can read a command line (`ps`, /proc/PID/cmdline); see
    /// `SharedOptions.forwardedEnvironment`.
    var forwarded: [String] {
        forwardedFlags([("--namespace", namespace), ("--redis-sentinels", redisSentinels), ("--redis-master", redisMaster),
                        ("--redis-cluster", redisCluster), ("--partitions", partitions)])
    }
}
