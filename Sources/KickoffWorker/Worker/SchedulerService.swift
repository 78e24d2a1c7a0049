import Dispatch
import KickoffModel
import KickoffStore
import Logging
import RedisClient

/// The scheduler of a worker process (see `Scheduler`), on a task of its own with its own
/// non-blocking Redis client, as `runWorker` (synchronous, on its own thread) starts and stops it.
final class SchedulerService: Sendable {
    private let task: Task<Void, Never>
    private let stopped = StopSignal()

    /// Nil when the pipeline file has no schedules: then nothing is started.
    static func start(_ configuration: WorkerConfiguration, logger: Logger) -> SchedulerService? {
        guard configuration.pipelines.pipelines.contains(where: { !$0.schedules.isEmpty }) else { return nil }
        return SchedulerService(configuration: configuration, logger: logger)
    }

    private init(configuration: WorkerConfiguration, logger: Logger) {
        let stopped = self.stopped
        task = Task {
            let client = RedisClient(configuration: configuration.redis, connectionCount: 1)
            let scheduler = Scheduler(store: SchedulerStore(client: client, operations: configuration.operations),
                                      pipelines: configuration.pipelines, configuration: configuration.scheduler.configuration(owner: configuration.name),
                                      logger: logger)
            await scheduler.run()
            await client.shutdown()
            stopped.stop()
        }
    }

    /// Stops the scheduler without waiting: a leader gives its lease up as soon as its task sees it.
    func stop() {
        task.cancel()
    }

    /// Stops the scheduler (a leader gives its lease up) and blocks the calling thread, never a
    /// Swift concurrency one, until it has. Safe to call more than once.
    func stopAndWait() {
        task.cancel()
        stopped.wait()
    }
}
