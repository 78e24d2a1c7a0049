public import KickoffTelemetry

/// Redis's memory at scrape time: how full it is, and whether it refuses writes (`kickoff_redis_full`).
/// Left out when Redis does not tell (unreachable, or `INFO` not allowed to Kickoff's ACL user).
public struct RedisMemoryGauges: Sendable {
    let full: GaugeMetric
    let used: GaugeMetric
    let maximum: GaugeMetric

    public init(registry: MetricsRegistry) {
        full = registry.gauge("kickoff_redis_full",
                              "1 when Redis is at maxmemory under noeviction and refuses writes (triggers answer 507), else 0.")
        used = registry.gauge("kickoff_redis_used_memory_bytes", "Redis's used_memory at this scrape.")
        maximum = registry.gauge("kickoff_redis_maxmemory_bytes", "Redis's maxmemory (0: no limit).")
    }

    public func refresh(store: Store) async {
        guard let memory = try? await store.memory() else {
            for gauge in [full, used, maximum] { gauge.replaceAll([:]) }
            return
        }
        full.set(memory.isFull ? 1 : 0)
        used.set(Double(memory.used))
        maximum.set(Double(memory.maximum))
    }
}
