import KickoffModel
import KickoffStore
import Logging
import RedisClient

/// Removes what the artifact store holds for runs that no longer need it: runs purged or expired
/// (their record is gone) and succeeded runs whose pipeline does not keep artifacts (their worker
/// died before removing them). Reports the store's size (`kickoff_artifact_bytes`). On a thread and
/// connection of its own (walking a large store must not hold up a heartbeat), in one worker per pool
/// (slot 0): the store is shared, its size counted once.
final class ArtifactSweeper: Sendable {
    let configuration: WorkerConfiguration
    let logger: Logger
    private let stopped = StopSignal()
    /// At most this many runs are looked up per round trip.
    static let batch = 200

    init(configuration: WorkerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    func start() {
        DedicatedThread.start("kickoff-artifacts") { [self] in
            let queue = WorkerQueue(connection: BlockingRedisConnection(configuration: configuration.redis), operations: configuration.operations)
            repeat {
                do {
                    try sweep(queue)
                } catch {
                    logger.warning("artifact sweep failed", metadata: ["error": "\(error)"])
                }
            } while !stopped.wait(for: configuration.artifactSweepInterval)
        }
    }

    func stop() {
        stopped.stop()
    }

    func sweep(_ queue: WorkerQueue) throws(RedisError) {
        let store = ArtifactStore(root: configuration.artifactStoreRoot)
        let ids = store.runIDs()
        var removed = 0
        for start in stride(from: 0, to: ids.count, by: Self.batch) {
            let slice = Array(ids[start..<min(ids.count, start + Self.batch)])
            for (id, found) in zip(slice, try queue.statuses(of: slice)) where shouldRemove(found) {
                guard let artifacts = try? store.run(id) else { continue }
                artifacts.remove()
                removed += 1
            }
        }
        if removed > 0 { logger.info("removed the artifacts of finished runs", metadata: ["runs": "\(removed)"]) }
        configuration.metrics.artifactBytes(store.bytes())
    }

    private func shouldRemove(_ found: (status: RunStatus?, pipeline: String?)?) -> Bool {
        guard let found else { return true }
        guard found.status == .succeeded else { return false }
        let keep = found.pipeline.flatMap { configuration.pipelines.pipeline(named: $0) }?.keepArtifacts ?? true
        return !keep
    }
}
