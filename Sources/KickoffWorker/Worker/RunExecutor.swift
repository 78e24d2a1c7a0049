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
    let runner = StepRunner()

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
        guard let pipeline = configuration.pipelines.pipeline(named: record.pipeline) else {
            let error = RunError(message: "pipeline \(record.pipeline) is not in this worker's pipeline file")
            // None of its steps ran here (the claim may have marked the first one started).
            let skipped = record.steps.map { StepState(name: $0.name, status: .skipped) }
            return fail(claimed, error: error, retryPolicy: RetryPolicy(maxAttempts: record.maxAttempts), remaining: skipped, logger: logger)
        }
        let directory: RunDirectory
        do {
            directory = try RunDirectory(root: configuration.dataDirectory, runID: record.id, attempt: record.attempt)
            try directory.create()
        } catch {
            let skipped = record.steps.map { StepState(name: $0.name, status: .skipped) }
            return fail(claimed, error: RunError(message: "cannot prepare the run directory: \(error)"), retryPolicy: pipeline.retries,
                        remaining: skipped, logger: logger)
        }
        defer {
            if !configuration.keepRunDirectories { directory.remove() }
        }
        // One line per run at info (when it ends); its start only at debug: this is the hot path.
        logger.debug("run started", metadata: ["pipeline": "\(pipeline.name)"])
        let runDeadline = pipeline.timeout.map { ContinuousClock.now + $0 }
        var outputs: [String: JSONValue] = [:]
        // The last step's success is recorded by `finish` itself: one round trip less per run.
        var lastStep: EndedStep?

        for (index, step) in pipeline.steps.enumerated() {
            let remaining = pipeline.steps[(index + 1)...].map { StepState(name: $0.name, status: .skipped) }
            if let reason = state.stopReason {
                return stopped(claimed, reason: reason, current: StepState(name: step.name, status: .canceled), remaining: remaining, logger: logger)
            }
            let startedAt: Int64
            if index == 0, let started = Self.startedByClaim(claimed, step: step.name) {
                startedAt = started
            } else {
                startedAt = WallClock.milliseconds()
                let running = StepState(name: step.name, status: .running, startedAt: startedAt)
                switch recordStep(claimed, running, event: "step.started", logger: logger) {
                case .recorded: break
                case .notOurs: return .abandoned
                case .cancelRequested:
                    // Refused: the run's cancel was requested (while the previous step ran, before a
                    // heartbeat told us). It ends here as a heartbeat's cancel would end it.
                    return stopped(claimed, reason: .canceled, current: StepState(name: step.name, status: .canceled),
                                   remaining: remaining, logger: logger)
                }
            }

            state.stepStarted(step.name, directory: directory)
            let finished = runStep(step, of: pipeline, run: claimed, directory: directory, inputs: outputs,
                                   runDeadline: runDeadline, cancellation: cancellation, startedAt: startedAt)
            state.stepEnded()
            if finished.state.status == .canceled, let reason = state.stopReason {
                return stopped(claimed, reason: reason, current: finished.state, log: finished.log, remaining: remaining, logger: logger)
            }
            configuration.metrics.step(pipeline: pipeline.name, finished.state)
            let event = finished.state.status == .succeeded ? "step.succeeded" : "step.failed"
            if finished.state.status == .succeeded, index == pipeline.steps.count - 1 {
                lastStep = EndedStep(state: finished.state, event: event, log: finished.log)
            } else {
                guard recordStep(claimed, finished.state, event: event, log: finished.log, logger: logger) == .recorded else { return .abandoned }
            }
            guard finished.state.status == .succeeded else {
                let error = RunError(step: step.name, message: finished.state.error ?? "step failed")
                logger.warning("step failed", metadata: ["step": "\(step.name)", "error": "\(error.message)"])
                return fail(claimed, error: error, retryPolicy: pipeline.retries, remaining: remaining, logger: logger)
            }
            outputs[step.name] = finished.state.output ?? .null
        }

        // Every step succeeded: the run succeeded, even when its cancel was requested while the last
        // step ran and that step ended before a heartbeat could stop it. The cancel came too late;
        // what ran is kept (its outputs, its side effects, a `run.succeeded` webhook) rather than
        // reported as not having happened, and `cancel_requested` stays on the record to tell it.
        // Celery's revoke of a task that completes, Temporal's cancel of a workflow that completes
        // and Sidekiq's cooperative cancel all end the same way. A cancel stops what has not started:
        // the next step (`record_step` refuses it) and a retry (`fail_attempt` cancels instead).
        let runOutputs = pipeline.outputsStep.flatMap { outputs[$0] } ?? .null
        return finish(claimed, status: .succeeded, outputs: runOutputs, error: nil, ended: lastStep, logger: logger,
                      ending: .succeeded, message: "run succeeded")
    }

    /// When the claim recorded the first step as started (`claim(…, startFirstStep: true)`), its start time.
    static func startedByClaim(_ claimed: ClaimedRun, step: String) -> Int64? {
        guard let first = claimed.record.steps.first, first.name == step, first.status == .running else { return nil }
        return first.startedAt
    }

    private struct FinishedStep {
        var state: StepState
        var log: String?
    }

    private func runStep(_ step: Step, of pipeline: Pipeline, run claimed: ClaimedRun, directory: RunDirectory,
                         inputs: [String: JSONValue], runDeadline: ContinuousClock.Instant?,
                         cancellation: StepCancellation, startedAt: Int64) -> FinishedStep {
        var state = StepState(name: step.name, status: .failed, startedAt: startedAt)
        func done(_ error: String?, log: String? = nil) -> FinishedStep {
            state.finishedAt = WallClock.milliseconds()
            state.error = error
            return FinishedStep(state: state, log: log)
        }
        let parameters = claimed.record.parameters[step.name] ?? [:]
        var spec: StepProcessSpec
        do {
            let upstream = inputs.filter { step.after.contains($0.key) }
            let environment = StepEnvironment.build(
                pipelineEnv: pipeline.env, stepEnv: step.env, inheritNames: pipeline.inheritEnv,
                from: Self.workerEnvironment,
                kickoff: StepEnvironment.kickoffVariables(
                    runID: claimed.record.id, step: step.name, attempt: claimed.record.attempt, parameters: parameters,
                    inputs: upstream, outputPath: try directory.outputPath(step: step.name), artifactDir: directory.artifactDir))
            spec = StepProcessSpec(argv: step.argv(parameters: parameters), workingDirectory: pipeline.workingDirectory,
                                   environment: environment, logPath: try directory.logPath(step: step.name),
                                   timeout: Self.timeout(step: step.timeout, runDeadline: runDeadline), killGrace: configuration.killGrace)
            spec.sandbox = StepSandbox(confinement: pipeline.confinement(of: step), runDirectory: directory)  // #17 item 11
        } catch {
            return done("cannot prepare the step: \(error)")
        }
        let result: StepResult
        do {
            result = try runner.run(spec, cancellation: cancellation)
        } catch {
            return done("\(error)", log: readLog(step.name, directory))
        }
        let log = readLog(step.name, directory)
        switch result.outcome {
        case .exited(let code):
            state.exitCode = code
            guard code == 0 else { return done("exit code \(code)", log: log) }
        case .signaled(let signal):
            return done("killed by signal \(signal)", log: log)
        case .timedOut:
            return done("timed out after \(spec.timeout.map { "\($0)" } ?? "its limit")", log: log)
        case .canceled:
            state.status = .canceled
            return done("canceled", log: log)
        }
        do {
            if let data = try directory.readOutput(step: step.name), !data.isEmpty {
                state.output = try JSONTextReader.parse(data)
            }
        } catch {
            return done("the step's output file is not valid JSON: \(error)", log: log)
        }
        state.status = .succeeded
        return done(nil, log: log)
    }

    /// Read once: building it is a copy of the whole environment, and nothing changes it while a worker runs.
    static let workerEnvironment = ProcessInfo.processInfo.environment

    /// The step's own limit or what is left of the run's, whichever ends first.
    static func timeout(step: Duration?, runDeadline: ContinuousClock.Instant?) -> Duration? {
        let runLeft = runDeadline.map { max(.zero, $0 - ContinuousClock.now) }
        switch (step, runLeft) {
        case (nil, nil): return nil
        case (let step?, nil): return step
        case (nil, let run?): return run
        case (let step?, let run?): return min(step, run)
        }
    }

    private func readLog(_ step: String, _ directory: RunDirectory) -> String? {
        guard let log = try? directory.readLog(step: step, capBytes: configuration.logCap) else { return nil }
        return log.text
    }

    private enum StepRecording {
        case recorded
        /// Our lease is gone: the run is no longer ours.
        case notOurs
        /// A `step.started` refused: the run's cancel was requested.
        case cancelRequested
    }

    /// Records a step's state.
    private func recordStep(_ claimed: ClaimedRun, _ step: StepState, event: String, log: String? = nil, logger: Logger) -> StepRecording {
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
        return conclude(logger: logger) { () throws(RedisError) in
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
    }

    private func stopped(_ claimed: ClaimedRun, reason: WorkerState.StopReason, current: StepState, log: String? = nil,
                         remaining: [StepState], logger: Logger) -> Ending {
        switch reason {
        case .leaseLost:
            logger.warning("run abandoned: lease lost")
            return .abandoned
        case .draining:
            return conclude(logger: logger) { () throws(RedisError) in
                logger.info("run handed back: worker shutting down")
                switch try queue.release(claimed) {
                case .ok: return .handedBack
                case .canceled: return .canceled
                case .stale: return .abandoned
                }
            }
        case .canceled:
            var step = current
            step.status = .canceled
            step.finishedAt = step.finishedAt ?? WallClock.milliseconds()
            return finish(claimed, status: .canceled, outputs: nil, error: RunError(step: step.name, message: "canceled"),
                          steps: [step] + remaining, logger: logger, ending: .canceled, message: "run canceled")
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
    private func finish(_ claimed: ClaimedRun, status: RunStatus, outputs: JSONValue?, error: RunError?, steps: [StepState] = [],
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
    private func conclude(logger: Logger, _ write: () throws(RedisError) -> Ending) -> Ending {
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
