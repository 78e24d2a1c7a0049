import KickoffStore
import Logging
import ServiceLifecycle

/// Checks now and then that Redis still holds Kickoff's instance marker (`InstanceWatch`): a Redis
/// that lost its data is logged as an error and counted, not left for 401s and 404s to reveal.
struct InstanceWatchService: Service {
    let store: Store
    let metrics: FrontMetrics
    let logger: Logger

    func run() async {
        var watch = InstanceWatch()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            // Redis away: nothing to learn now; /readyz and the Redis metrics tell that.
            let first = watch.known == nil
            if let lost = try? await store.checkInstance(&watch) {
                if first { logger.debug("instance marker seen", metadata: ["marker": "\(watch.known ?? "")"]) }
                if lost {
                    logger.error("\(InstanceWatch.lossMessage)")
                    metrics.countRedisDataLoss()
                }
            }
            // A graceful shutdown ends the wait at once rather than holding the group for it.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: RedisDataLoss.checkInterval) }
        }
    }
}
