import Foundation
import KickoffModel
import KickoffStore
import Logging
import RedisClient

/// The worker's second thread, with its own connection: extends the lease of the run in progress
/// (and learns of cancel requests that way), sends a long step's log so far (`LiveLogTail`), and
/// makes a presence call now and then (`WorkerPresence`: it serves its queues, Redis still holds its
/// data, and who maintains the queue); the one worker of the fleet elected maintainer runs queue
/// maintenance: due runs are queued, expired leases reclaimed (`MaintainerRole`). It ticks on a
/// timed wait on `stopped`, which `stop()` interrupts.
final class LeaseKeeper: Sendable {
    private let configuration: WorkerConfiguration
    private let state: WorkerState
    private let logger: Logger
    private let stopped = StopSignal()
    /// Raised when the thread's loop has ended (the maintainer lease given up, if it held it).
    private let finished = StopSignal()
    /// When this worker started (wall clock, ms), and its host: for its fleet record.
    private let startedAt = WallClock.milliseconds()
    private let host = ProcessInfo.processInfo.hostName

    init(configuration: WorkerConfiguration, state: WorkerState, logger: Logger) {
        self.configuration = configuration
        self.state = state
        self.logger = logger
    }

    func start() {
        DedicatedThread.start("kickoff-lease") { [self] in loop() }
    }

    /// Stops the thread and waits (up to 5 s) for it to end: a maintainer gives its lease up on the
    /// way out, which must happen before the process exits, or the fleet waits for the lease to lapse.
    func stop() {
        stopped.stop()
        _ = finished.wait(for: .seconds(5))
    }

    private func loop() {
        defer { finished.stop() }
        let queue = WorkerQueue(connection: BlockingRedisConnection(configuration: configuration.redis), operations: configuration.operations)
        var maintenance = MaintainerRole(worker: configuration.name, interval: configuration.maintenanceInterval)
        var instance = InstanceWatch()
        var heartbeat = (runID: String?.none, due: ContinuousClock.now)
        var outage = OutageTracker()
        var liveLog = LiveLogTail(interval: configuration.liveLogInterval, logCap: configuration.logCap)
        let tick = min(configuration.heartbeat, configuration.maintenanceInterval, configuration.liveLogInterval)
        while !stopped.wait(for: tick) {
            let now = ContinuousClock.now
            // This thread is running and about to talk to Redis: if no renewal follows, it is cut off
            // (a call stuck on a dead link holds the heartbeat up too), not starved of CPU. See fencing.
            state.heartbeatSent(at: now)
            // Heartbeat first: after an outage our lease is extended before anyone's maintenance runs.
            if let current = state.current {
                if heartbeat.runID != current.run.record.id {
                    // A new run: its lease is fresh from claim.
                    heartbeat = (current.run.record.id, now + configuration.heartbeat)
                }
                if now >= heartbeat.due {
                    // A failed heartbeat is tried again at the next tick, not a whole interval later.
                    let reached = extendLease(current, queue)
                    outage.record(reached: reached, at: now)
                    heartbeat.due = reached ? now + configuration.heartbeat : now
                }
            }
            if case .failed(let error)? = liveLog.tick(state.current, queue: queue, now: now) {
                logger.debug("a running step's log was not sent", metadata: ["error": "\(error)"])
            }
            if now >= maintenance.presenceDue {
                let reached = presence(queue, &maintenance, &instance, now: now)
                outage.record(reached: reached, at: now)
            }
            if maintenance.isMaintainer, now >= maintenance.maintenanceDue {
                maintenance.maintenanceDue = now + configuration.maintenanceInterval
                let reached = maintain(queue, &maintenance, unreachableFor: outage.unreachable(at: now))
                outage.record(reached: reached, at: now)
                if reached { outage.lastOutage = .zero }
            }
        }
        if maintenance.isMaintainer {
            // Another worker takes over at its next presence call, not after the lease.
            do { try queue.resignMaintainer(maintenance.token) } catch {
                logger.debug("could not give the maintainer lease up", metadata: ["error": "\(error)"])
            }
        }
    }

    /// One presence call (announce, instance marker, maintainer election); false when Redis could
    /// not be reached (tried again at the next tick).
    private func presence(_ queue: WorkerQueue, _ role: inout MaintainerRole, _ watch: inout InstanceWatch,
                          now: ContinuousClock.Instant) -> Bool {
        let first = watch.known == nil
        do {
            let (presence, lost) = try queue.presence(worker: configuration.name, queues: configuration.queues.names,
                                                      for: WorkerPresence.validity(interval: role.presenceInterval),
                                                      maintainer: role.token, maintainerLease: role.lease, watch: &watch,
                                                      record: record(interval: role.presenceInterval))
            if first { logger.debug("instance marker seen", metadata: ["marker": "\(watch.known ?? "")"]) }
            if lost {
                logger.error("\(InstanceWatch.lossMessage)")
                configuration.metrics.redisDataLost()
            }
            configuration.fleet.update(presence.workers)
            let was = role.isMaintainer
            role.observe(presence, at: now)
            if role.isMaintainer, !was { logger.info("this worker maintains the queue now (the elected maintainer)") }
            return true
        } catch {
            logger.warning("presence call failed", metadata: ["error": "\(error)"])
            role.presenceDue = now + configuration.maintenanceInterval
            return false
        }
    }

    /// One heartbeat; false when Redis could not be reached.
    private func extendLease(_ current: WorkerState.Current, _ queue: WorkerQueue) -> Bool {
        do {
            let sent = ContinuousClock.now
            state.heartbeatSent(at: sent)
            switch try queue.heartbeat(current.run, lease: configuration.lease) {
            case .ok:
                // From when it was sent: the lease runs from Redis's clock at the call, not from the answer.
                state.leaseRenewed(at: sent)
            case .cancel:
                state.leaseRenewed(at: sent)
                logger.info("cancel requested", metadata: ["run": "\(current.run.record.id)"])
                state.stop(.canceled)
            case .done:
                // Our end is recorded here; the executor may still be waiting for a replica to confirm it.
                break
            case .stale:
                logger.warning("lease lost; stopping the run", metadata: ["run": "\(current.run.record.id)"])
                state.stop(.leaseLost)
            }
            return true
        } catch {
            // The lease runs on; if Redis stays away past it, the run is reclaimed elsewhere and
            // our finish will be refused as stale.
            logger.warning("heartbeat failed", metadata: ["run": "\(current.run.record.id)", "error": "\(error)"])
            return false
        }
    }

    /// One maintenance call as the maintainer; false when Redis could not be reached.
    private func maintain(_ queue: WorkerQueue, _ role: inout MaintainerRole, unreachableFor: Duration) -> Bool {
        do {
            let result = try queue.maintain(asMaintainer: role.token, lease: role.lease, unreachableFor: unreachableFor)
            guard result.maintained else {
                logger.debug("another worker maintains the queue now")
                role.isMaintainer = false
                return true
            }
            configuration.metrics.maintained(result)
            if result.reclaimed + result.failed > 0 {
                logger.warning("reclaimed runs whose worker was lost", metadata: ["requeued": "\(result.reclaimed)", "failed": "\(result.failed)"])
            }
            return true
        } catch {
            logger.warning("queue maintenance failed", metadata: ["error": "\(error)"])
            return false
        }
    }
}

extension LeaseKeeper {
    /// What the fleet registry shows of this worker now: its run and step with since when.
    fileprivate func record(interval: Duration) -> WorkerRecord {
        let current = state.current
        let wallNow = WallClock.milliseconds()
        // The step's start is on the monotonic clock: placed on the wall clock by its age.
        let stepSince = current?.step.map { wallNow - (ContinuousClock.now - $0.startedAt).milliseconds }
        return WorkerRecord(name: configuration.name, host: host, pid: Int64(ProcessInfo.processInfo.processIdentifier),
                            queues: configuration.queues.names, pipelineDigest: configuration.pipelines.digest, startedAt: startedAt,
                            runID: current?.run.record.id, pipeline: current?.run.record.pipeline,
                            runSince: current.map { $0.run.record.startedAt ?? wallNow }, step: current?.step?.name, stepSince: stepSince,
                            intervalMilliseconds: interval.milliseconds, runsDone: state.runsDone,
                            rssBytes: ResidentMemory.bytes())
    }
}

/// How long this worker last could not reach Redis, for maintenance to tell an outage (every lease
/// ran out because nobody could heartbeat) from dead workers (their leases ran out: reclaim).
struct OutageTracker {
    /// When the current run of failed calls began; nil while Redis answers.
    private(set) var unreachableSince: ContinuousClock.Instant?
    /// The length of the last run of failed calls, until a maintenance call has reported it.
    var lastOutage: Duration = .zero

    /// What to tell maintenance: the outage going on until now (this very call may be the first to
    /// get through: a worker without a run has no heartbeat to notice the end first), else the last one.
    func unreachable(at now: ContinuousClock.Instant) -> Duration {
        unreachableSince.map { now - $0 } ?? lastOutage
    }

    mutating func record(reached: Bool, at now: ContinuousClock.Instant) {
        if !reached {
            if unreachableSince == nil { unreachableSince = now }
        } else if let since = unreachableSince {
            lastOutage = now - since
            unreachableSince = nil
        }
    }
}
