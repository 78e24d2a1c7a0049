import Dispatch
import Foundation
import KickoffModel
import KickoffStore
public import Logging
import RedisClient

/// One worker process: claims one run at a time and runs it; on SIGTERM it drains.
///
/// Threads: `run()` blocks the thread that calls it (never call it from a Swift concurrency task)
/// with the claim loop; `LeaseKeeper` owns a second thread for heartbeats and maintenance.
/// Each has its own Redis connection, so a blocking wait never holds up a heartbeat.
public final class Worker: Sendable {
    public let configuration: WorkerConfiguration
    private let state = WorkerState()
    private let logger: Logger

    public init(configuration: WorkerConfiguration, logger: Logger = Logger(label: "kickoff.worker")) {
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "worker"] = "\(configuration.name)"
        self.logger = logger
    }

    /// Claims and runs runs until `drain()`; returns when the current run is done or handed back.
    @available(*, noasync, message: "blocks until the worker stops: call it from a dedicated thread")
    public func run() {
        let queue = WorkerQueue(connection: BlockingRedisConnection(configuration: configuration.redis), operations: configuration.operations)
        let keeper = LeaseKeeper(configuration: configuration, state: state, logger: logger)
        keeper.start()
        defer { keeper.stop() }
        let sweeper = ArtifactSweeper(configuration: configuration, logger: logger)
        if configuration.sweepsArtifacts { sweeper.start() }
        defer { sweeper.stop() }
        let executor = RunExecutor(configuration: configuration, queue: queue, state: state, logger: logger)
        logger.info("worker ready", metadata: ["pipelines": "\(configuration.pipelines.pipelines.map(\.name).joined(separator: ","))",
                                               "queues": "\(configuration.queues.names.joined(separator: ","))"])
        if let replies = try? queue.connection.pipeline(RedisPersistenceCheck.commands) {
            for warning in RedisPersistenceCheck.warnings(replies) { logger.warning("\(warning)") }
        }
        var failures = 0
        let backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(2))
        // Only runs of the file's pipelines: a run of another one waits for a worker that has it.
        let pipelines = configuration.pipelines.names
        var turn = 0
        // After a claim that found nothing, the next one waits for a wake-up first, in the same round trip.
        var idle = false
        while !state.isDraining {
            do {
                turn &+= 1
                let order = configuration.queues.order(turn: turn)
                let claimed = try idle
                    ? queue.claimAfterWaiting(worker: configuration.name, timeout: configuration.idleWait, waitQueues: configuration.queues.names,
                                              lease: configuration.lease, startFirstStep: true, queues: order, pipelines: pipelines)
                    : queue.claim(worker: configuration.name, lease: configuration.lease, startFirstStep: true, queues: order, pipelines: pipelines)
                failures = 0
                guard let claimed else {
                    idle = true
                    continue
                }
                idle = false
                if state.isDraining {
                    // Woken by `drain()`, the claim that follows the wait took a run all the same: hand it back.
                    handBack(claimed, queue: queue)
                    break
                }
                let cancellation = state.begin(claimed)
                let started = ContinuousClock.now
                configuration.metrics.claimed(claimed.record)
                let ending = executor.execute(claimed, cancellation: cancellation)
                count(ending, claimed.record, duration: .now - started)
                state.end()
            } catch {
                idle = false
                // A server that answers errors at once (LOADING after a restart) would make this spin:
                // pause before the next try.
                failures += 1
                logger.warning("queue unavailable", metadata: ["error": "\(error)"])
                state.pauseUnlessDraining(for: backoff.delay(afterFailures: failures))
            }
        }
        // The last run's compaction rides on the next claim, and there is none now.
        queue.flushDeferred()
        do {
            try queue.withdraw(worker: configuration.name, queues: configuration.queues.names)
        } catch {
            // Its entries lapse by themselves within a few maintenance intervals.
            logger.debug("could not withdraw from the queues' worker lists", metadata: ["error": "\(error)"])
        }
        logger.info("worker stopped")
    }

    /// Queues a run claimed while draining again, untouched (its lease lapses if Redis cannot be told).
    private func handBack(_ claimed: ClaimedRun, queue: WorkerQueue) {
        do {
            _ = try queue.release(claimed)
        } catch {
            logger.warning("could not hand back a run claimed while draining; its lease will lapse",
                           metadata: ["run_id": "\(claimed.record.id)", "error": "\(error)"])
        }
    }

    /// Counts how the attempt ended: a final status, or a retry. A hand-back or a lost lease is not an end.
    private func count(_ ending: RunExecutor.Ending, _ record: RunRecord, duration: Duration) {
        let pipeline = configuration.pipelines.pipeline(named: record.pipeline) == nil ? "(unknown)" : record.pipeline
        let metrics = configuration.metrics
        switch ending {
        case .succeeded: metrics.finished(pipeline: pipeline, status: .succeeded, duration: duration)
        case .failed: metrics.finished(pipeline: pipeline, status: .failed, duration: duration)
        case .canceled: metrics.finished(pipeline: pipeline, status: .canceled, duration: duration)
        case .retrying: metrics.retried(pipeline: pipeline)
        case .handedBack, .abandoned: break
        }
    }

    /// Stop claiming; let the current run go on for the drain grace, then stop its step and hand it back.
    /// Safe from any thread (the signal handler calls it).
    public func drain() {
        guard state.startDraining() else { return }
        logger.info("draining", metadata: ["grace": "\(configuration.drainGrace)"])
        let configuration = self.configuration
        let state = self.state
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(configuration.drainGrace.milliseconds))) {
            state.stop(.draining)
        }
        // Interrupt an idle wait at once.
        let queue = WorkerQueue(connection: BlockingRedisConnection(configuration: configuration.redis), operations: configuration.operations)
        do {
            try queue.wake(worker: configuration.name)
        } catch {
            logger.warning("could not interrupt the idle wait", metadata: ["error": "\(error)"])
        }
    }
}
