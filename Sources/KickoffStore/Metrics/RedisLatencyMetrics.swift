public import KickoffTelemetry
public import RedisClient

/// `kickoff_redis_command_duration_seconds{command}`: every Redis round trip of this process, by
/// command name (`HGETALL`, `script:claim`, `PIPELINE`): a bounded set, fixed by the code.
public struct RedisLatencyMetrics: Sendable {
    public let histogram: HistogramMetric
    public let failures: CounterMetric

    public init(registry: MetricsRegistry) {
        histogram = registry.histogram("kickoff_redis_command_duration_seconds",
                                       "Redis command round trips of this process, by command (script:NAME for a Lua script).",
                                       labels: ["command"], buckets: MetricBuckets.redis)
        failures = registry.counter("kickoff_redis_command_errors_total", "Redis commands that failed (error reply or connection), by command.",
                                    labels: ["command"])
    }

    /// The observer to put in `RedisConfiguration.observer`.
    public var observer: RedisCommandObserver {
        let histogram = self.histogram, failures = self.failures
        return RedisCommandObserver { name, duration, failed in
            histogram.observe(duration, [name])
            if failed { failures.increment([name]) }
        }
    }

    /// The configuration with this observer installed.
    public func observing(_ configuration: RedisConfiguration) -> RedisConfiguration {
        var configuration = configuration
        configuration.observer = observer
        return configuration
    }
}
