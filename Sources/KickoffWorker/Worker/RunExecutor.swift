import Foundation
import KickoffModel
import KickoffStore
import Logging
import RedisClient

/// Runs one claimed run's steps in order, each as its own process, and records every change.
/// Runs on the worker's own thread: it blocks while a step runs.
struct RunExecutor {
    let configuration: WorkerConfiguration
    let queue: WorkerQueue
    let state: WorkerState
    let logger: Logger

    /// The longest a worker keeps retrying a write through a Redis outage.
    static let concludeLimit: Duration = .seconds(300)

    /// How the attempt ended, as far as this worker is concerned.
    enum Ending: Equatable {
        case succeeded, retrying, failed, canceled, handedBack, abandoned
    }

    func execute(_ claimed: ClaimedRun, cancellation: StepCancellation) -> Ending {
        let record = claimed.record
        var logger = self.logger
        logger[metadataKey: "run"] = "\(record.id)"
        logger[metadataKey: "attempt"] = "\(record.attempt)"
        WorkerSpans.queueWait(record)
        guard let pipeline = configuration.pipelines.pipeline(named: record.pipeline) else {
            let error = RunError(message: "pipeline \(record.pipeline) is not in this worker's pipeline file")
            // None of its steps ran here (the claim may have marked the first one started).
            let skipped = record.steps.map { StepState(name: $0.name, status: .skipped) }
            return fail(claimed, error: error, retryPolicy: RetryPolicy(maxAttempts: record.maxAttempts), remaining: skipped, logger: logger)
        }
        let directory: RunDirectory
        let artifacts: RunArtifacts
        do {
            // Numbered by attempt and lost workers: a run taken over from a worker that died gets a directory
            // of its own, apart from the one the dead worker's step may still be writing to.
            directory = try RunDirectory(root: configuration.dataDirectory, runID: record.id, attempt: record.attempt + record.reclaims)
            try directory.create()
            artifacts = try RunArtifacts(store: configuration.artifactStoreRoot, runID: record.id)
            let fresh = !artifacts.exists
            try artifacts.create()
            if fresh, let original = record.retryOf { seed(artifacts, from: original, steps: record.steps, logger: logger) }
        } catch {
            let skipped = record.steps.map { StepState(name: $0.name, status: .skipped) }
            return fail(claimed, error: RunError(message: "cannot prepare the run directory: \(error)"), retryPolicy: pipeline.retries,
                        remaining: skipped, logger: logger)
        }
        // Cleared before a hand-back instead (`conclude`): the run keeps its attempt number, so the next
        // worker on this host uses the same directory, and removing it after the hand-back would take
        // that worker's files away.
        var clearedBeforeHandBack = false
        defer {
            if !configuration.keepRunDirectories, !clearedBeforeHandBack { directory.remove() }
        }
        // One line per run at info (when it ends); its start only at debug: this is the hot path.
        logger.debug("run started", metadata: ["pipeline": "\(pipeline.name)"])
        let runDeadline = pipeline.timeout.map { ContinuousClock.now + $0 }
        // A run queued again (lost worker, hand-back, retry) keeps the steps that succeeded, with
        // their outputs, where their artifacts are at hand.
        let plan = ResumePlan(steps: pipeline.steps, states: record.steps, hasArtifacts: artifacts.hasCheckpoint(step:))
        if plan.isResumed {
            guard resume(claimed, plan: plan, artifacts: artifacts, logger: logger) else { return .abandoned }
        }
        var run = RunningSteps(pipeline: pipeline, claimed: claimed, plan: plan, directory: directory, artifacts: artifacts,
                               runDeadline: runDeadline, cancellation: cancellation)
        let ending = drive(&run, logger: logger)
        clearedBeforeHandBack = run.directoryCleared
        // A succeeded run's artifacts go with it, unless the pipeline keeps them; a failed or canceled
        // run keeps them for a retry, until the run is purged or expires (`ArtifactSweeper`).
        if ending == .succeeded, !pipeline.keepArtifacts { artifacts.remove() }
        return ending
    }

    /// When the claim recorded the first step as started (`claim(…, startFirstStep: true)`), its start time.
    static func startedByClaim(_ claimed: ClaimedRun, step: String) -> Int64? {
        guard let first = claimed.record.steps.first, first.name == step, first.status == .running else { return nil }
        return first.startedAt
    }

    /// A retry's first start: the artifacts of the original run (hard-linked, or copied) and the
    /// checkpoints of the steps it reuses, when this worker's store has them. When it has not, the
    /// reused steps run again (`ResumePlan` finds no checkpoint, and `run.resumed` says so).
    private func seed(_ artifacts: RunArtifacts, from original: String, steps: [StepState], logger: Logger) {
        let reused = steps.filter { $0.reused == true }.map(\.name)
        guard !reused.isEmpty else { return }
        do {
            let source = try RunArtifacts(store: artifacts.store, runID: original)
            guard source.exists else {
                logger.warning("the retried run's artifacts are not in this worker's store", metadata: ["retry_of": "\(original)"])
                return
            }
            try artifacts.seed(from: source, steps: reused)
        } catch {
            logger.warning("the retried run's artifacts could not be taken over", metadata: ["retry_of": "\(original)", "error": "\(error)"])
        }
    }

    /// Records where a resumed run picks up; false when the run is no longer ours.
    private func resume(_ claimed: ClaimedRun, plan: ResumePlan, artifacts: RunArtifacts, logger: Logger) -> Bool {
        for step in plan.rerun { artifacts.clearCheckpoint(step: step) }
        logger.info("run resumed", metadata: ["from_step": "\(plan.fromStep ?? "-")", "reason": "\(plan.reason)"])
        let result = conclude(logger: logger) { () throws(RedisError) in
            switch try queue.resume(claimed, plan: plan) {
            case .ok: .succeeded
            case .stale: .abandoned
            }
        }
        return result == .succeeded
    }

    enum StepRecording {
        case recorded
        /// Our lease is gone: the run is no longer ours.
        case notOurs
        /// A `step.started` refused: the run's cancel was requested.
        case cancelRequested
    }

    /// Records a step's state.
    func recordStep(_ claimed: ClaimedRun, _ step: StepState, event: String, log: String? = nil, logger: Logger) -> StepRecording {
        let result = conclude(logger: logger) { () throws(RedisError) in
            switch try queue.recordStep(claimed, state: step, event: event, log: log) {
            case .ok: .succeeded
            case .stale: .abandoned
            case .canceled: .canceled
            }
        }
        switch result {
        case .succeeded: return .recorded
        case .canceled: return .cancelRequested
        default: return .notOurs
        }
    }

    private func fail(_ claimed: ClaimedRun, error: RunError, retryPolicy: RetryPolicy, remaining: [StepState], logger: Logger) -> Ending {
        let backoff = retryPolicy.delay(beforeAttempt: claimed.record.attempt + 1)
        let ending = conclude(logger: logger) { () throws(RedisError) in
            switch try queue.failAttempt(claimed, error: error, backoff: backoff, finalSteps: remaining) {
            case .retrying:
                logger.info("run will be retried", metadata: ["backoff": "\(backoff)"])
                return .retrying
            case .failed:
                logger.warning("run failed", metadata: ["error": "\(error.message)"])
                return .failed
            case .canceled:
                logger.info("run canceled (its cancel was requested before the step failed)")
                return .canceled
            case .stale:
                return .abandoned
            }
        }
        return compacted(claimed, ending, logger: logger)
    }

    /// The run stops before its end. `steps`: the final states of the steps that were stopped (or
    /// refused to start) and of those that never started.
    func stopped(_ claimed: ClaimedRun, reason: WorkerState.StopReason, steps: [StepState], logger: Logger) -> Ending {
        switch reason {
        case .leaseLost:
            logger.warning("run abandoned: lease lost")
            return .abandoned
        case .draining, .fenced:
            // Fenced: handed back once Redis answers again, if the run is still ours (it resumes at
            // the stopped steps); refused as stale if another worker took it over meanwhile.
            return conclude(logger: logger) { () throws(RedisError) in
                logger.info(reason == .fenced ? "run handed back after fencing its steps" : "run handed back: worker shutting down")
                switch try queue.release(claimed) {
                case .ok: return .handedBack
                case .canceled: return .canceled
                case .stale: return .abandoned
                }
            }
        case .canceled:
            let stopped = steps.first { $0.status == .canceled }?.name
            return finish(claimed, status: .canceled, outputs: nil, error: RunError(step: stopped, message: "canceled"),
                          steps: steps, logger: logger, ending: .canceled, message: "run canceled")
        }
    }

    /// Records the run's end. With `KICKOFF_REDIS_MIN_REPLICAS` it counts once a replica has it
    /// (`WAIT`, sent with it): a primary that dies before replicating it leaves the run `running` on
    /// the promoted replica, where its lease would run out and the run fail or run again. So an end
    /// no replica confirmed is sent again (`conclude` retries; a repeat answers `done` where the end
    /// is recorded, and WAITs again) until
    /// - a replica confirms it;
    /// - it is recorded on another server than the one that did not replicate it: after a failover
    ///   the run is still ours on the new primary (our heartbeats keep its lease there) and gets the
    ///   end, or has it replicated after all;
    /// - the run is not ours where it is sent (`stale`: another attempt holds or ended it);
    /// - a lease has passed since the end was first recorded (its primary still up, no replica in
    ///   sight): it stays recorded there only.
    /// (A lost `fail_attempt` needs no such care: the lease running out counts the attempt the same way.)
    func finish(_ claimed: ClaimedRun, status: RunStatus, outputs: JSONValue?, error: RunError?, steps: [StepState] = [],
                        ended: EndedStep? = nil, logger: Logger, ending: Ending, message: String) -> Ending {
        // Where and since when the end is recorded without a replica's confirmation.
        var unconfirmed: (server: String, since: ContinuousClock.Instant)?
        return conclude(logger: logger) { () throws(RedisError) in
            let answer = try queue.finishAwaitingReplicas(claimed, status: status, outputs: outputs, error: error, steps: steps, ended: ended)
            let server = queue.connection.endpoint
            switch answer.result {
            case .stale:
                if let unconfirmed {
                    logger.warning("the run's end, recorded on \(unconfirmed.server) but not confirmed by a replica, is refused by \(server): the run is no longer ours")
                }
                return .abandoned
            case .ok, .done:
                guard let notReplicated = answer.notReplicated else { break }
                guard let first = unconfirmed else {
                    unconfirmed = (server, .now)
                    throw notReplicated
                }
                if first.server != server {
                    logger.warning("the run's end is recorded on the new primary \(server); no replica confirmed it")
                } else if ContinuousClock.now - first.since >= configuration.lease {
                    logger.warning("no replica confirmed the run's end within the lease; it is recorded on \(server) only")
                } else {
                    throw notReplicated
                }
            }
            logger.info("\(message)")
            return ending
        }
    }

    /// Retries a write while Redis is away, until the lease keeper learns that the lease is lost (or
    /// `concludeLimit` passes). An outage longer than the lease does not make the run someone else's:
    /// maintenance extends every lease by the outage, so the work done is kept. Were the run taken
    /// over meanwhile, the write would be refused as stale: retrying is always safe.
    func conclude(logger: Logger, _ write: () throws(RedisError) -> Ending) -> Ending {
        let giveUp = ContinuousClock.now + max(configuration.lease, Self.concludeLimit)
        while true {
            do {
                return try write()
            } catch {
                logger.warning("recording the run failed; retrying", metadata: ["error": "\(error)"])
                if ContinuousClock.now >= giveUp || !error.isTransient || state.stopReason == .leaseLost { return .abandoned }
                // A reachable server that cannot serve yet (LOADING) answers at once: pace the retries.
                if !error.isConnectionError { DedicatedThread.sleep(for: .milliseconds(200)) }
                // The blocking connection itself spaces reconnect attempts with its backoff.
            }
        }
    }
}
