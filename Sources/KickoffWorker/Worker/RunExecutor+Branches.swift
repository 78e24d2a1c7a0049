import KickoffModel
import KickoffStore
import Logging
import RedisClient

/// The steps of one run on this worker: which run, which wait for a retry, what they produced.
struct RunningSteps {
    let pipeline: Pipeline
    let claimed: ClaimedRun
    let directory: RunDirectory
    let artifacts: RunArtifacts
    let runDeadline: ContinuousClock.Instant?
    /// The run's: a cancel, a drain or a lost lease stops every step.
    let cancellation: StepCancellation
    let completions = StepCompletions()
    var schedule: BranchSchedule
    var outputs: [String: JSONValue]
    /// Steps whose process runs now: their own cancellation (a failed sibling stops them) and attempt.
    var running: [String: (cancellation: StepCancellation, attempt: Int)] = [:]
    /// The run's directory was removed before the run was handed back (drain, fencing).
    var directoryCleared = false
    /// Steps that failed and run again in place when due.
    var retries: [String: (due: ContinuousClock.Instant, attempt: Int)] = [:]
    /// Final states of steps that were stopped or refused to start, for the run's final record.
    var stoppedSteps: [StepState] = []
    var firstError: RunError?
    var stopReason: WorkerState.StopReason?
    /// The last step's success, recorded by `finish` itself: one round trip less per run.
    var lastStep: EndedStep?

    init(pipeline: Pipeline, claimed: ClaimedRun, plan: ResumePlan, directory: RunDirectory, artifacts: RunArtifacts,
         runDeadline: ContinuousClock.Instant?, cancellation: StepCancellation) {
        self.pipeline = pipeline
        self.claimed = claimed
        self.directory = directory
        self.artifacts = artifacts
        self.runDeadline = runDeadline
        self.cancellation = cancellation
        schedule = BranchSchedule(steps: pipeline.steps, kept: Set(plan.kept.keys), maxParallel: pipeline.maxParallel,
                                  continueOnFailure: pipeline.continueOnFailure)
        outputs = plan.kept
    }

    /// Stops every step that runs and every retry that waits; nothing more starts.
    mutating func stopAll() {
        schedule.halt()
        for step in running.values { step.cancellation.cancel() }
        for (name, retry) in retries {
            stoppedSteps.append(StepState(name: name, status: .canceled, finishedAt: WallClock.milliseconds(), error: "canceled",
                                          attempts: retry.attempt - 1))
            schedule.canceled(name)
        }
        retries = [:]
    }
}

extension RunExecutor {
    /// Runs the run's steps: each as soon as the steps it comes after have succeeded (several at once
    /// where the graph allows, each on a thread of its own and in a process group of its own), a failed
    /// one again in place while its retries allow; records every change from this thread.
    func drive(_ run: inout RunningSteps, logger: Logger) -> Ending {
        let completions = run.completions
        // A cancel, a drain or a lost lease wakes this thread, which then stops the steps.
        let wake = run.cancellation.onCancel { completions.poke() }
        defer { if let wake { run.cancellation.removeHandler(wake) } }
        while true {
            if run.stopReason == nil, let reason = state.stopReason {
                run.stopReason = reason
                run.stopAll()
            }
            if run.stopReason == nil {
                let now = ContinuousClock.now
                for (name, retry) in run.retries where retry.due <= now {
                    run.retries[name] = nil
                    guard let step = run.pipeline.step(named: name) else { continue }
                    if let ending = start(step, attempt: retry.attempt, &run, logger: logger) { return ending }
                }
                for step in run.schedule.ready {
                    if run.stopReason != nil { break }
                    if let ending = start(step, attempt: 1, &run, logger: logger) { return ending }
                }
            }
            if run.running.isEmpty, run.retries.isEmpty, run.stopReason != nil || run.schedule.ready.isEmpty { break }
            // Fencing: checked here, on the run's own thread, which no Redis call holds up (a
            // heartbeat stuck in a timeout on a cut-off link must not keep the steps running).
            // Only when a heartbeat went out and renewed nothing: a worker merely starved of CPU (its
            // heartbeat not even sent) is not cut off, and its lease is checked again a heartbeat later.
            let current = state.current
            var fence = current.map { $0.renewedAt + configuration.fenceAfter }
            if run.stopReason == nil, !run.running.isEmpty, let due = fence, ContinuousClock.now >= due {
                if current?.renewalOverdue == true {
                    logger.warning("lease not renewed for \(configuration.fenceAfter): stopping the run's steps (fencing)")
                    state.stop(.fenced)
                    continue
                }
                fence = ContinuousClock.now + configuration.heartbeat
            }
            let wakeAt = ([fence].compactMap { $0 } + run.retries.values.map(\.due)).min()
            for completion in completions.take(until: wakeAt) {
                if let ending = ended(completion, &run, logger: logger) { return ending }
            }
        }
        return conclude(&run, logger: logger)
    }

    /// Starts a step's process on a thread of its own; an ending when the run ends here (not ours).
    private func start(_ step: Step, attempt: Int, _ run: inout RunningSteps, logger: Logger) -> Ending? {
        let startedAt: Int64
        if attempt == 1, let started = Self.startedByClaim(run.claimed, step: step.name) {
            startedAt = started
        } else {
            startedAt = WallClock.milliseconds()
            let running = StepState(name: step.name, status: .running, startedAt: startedAt, attempts: attempt > 1 ? attempt : nil)
            switch recordStep(run.claimed, running, event: "step.started", logger: logger) {
            case .recorded: break
            case .notOurs: return .abandoned
            case .cancelRequested:
                // Refused: the run's cancel was requested (before a heartbeat told us). It ends here as
                // a heartbeat's cancel would end it.
                run.stoppedSteps.append(StepState(name: step.name, status: .canceled, finishedAt: WallClock.milliseconds(), error: "canceled"))
                run.schedule.canceled(step.name)
                run.stopReason = .canceled
                run.stopAll()
                return nil
            }
        }
        run.schedule.started(step.name)
        let own = StepCancellation()
        run.running[step.name] = (own, attempt)
        state.stepStarted(step.name, directory: run.directory)
        let inputs = run.outputs.filter { step.after.contains($0.key) }
        let (attemptRunner, pipeline, claimed, directory, artifacts, deadline, completions) =
            (StepAttempt(configuration: configuration), run.pipeline, run.claimed, run.directory, run.artifacts, run.runDeadline, run.completions)
        ReusedThreads.steps.start {
            let finished = attemptRunner.run(step, of: pipeline, run: claimed, directory: directory, artifacts: artifacts, inputs: inputs,
                                             runDeadline: deadline, cancellation: own, startedAt: startedAt, attempt: attempt)
            completions.post(StepCompletions.Completion(step: step.name, finished: finished))
        }
        return nil
    }

    /// A step's process ended: records it, schedules its retry, or stops its siblings.
    private func ended(_ completion: StepCompletions.Completion, _ run: inout RunningSteps, logger: Logger) -> Ending? {
        let name = completion.step
        guard let attempt = run.running.removeValue(forKey: name)?.attempt else { return nil }
        state.stepEnded(name)
        var finished = completion.finished
        switch finished.state.status {
        case .canceled:
            // Stopped: the run is stopping, or a sibling failed. Recorded with the run's end.
            run.schedule.canceled(name)
            run.stoppedSteps.append(finished.state)
            return nil
        case .succeeded:
            configuration.metrics.step(pipeline: run.pipeline.name, finished.state)
            // Before its success is recorded: a run resumed here keeps the step only with its artifacts.
            do {
                try run.artifacts.markCheckpoint(step: name)
            } catch {
                logger.warning("the step's checkpoint was not written; a resumed run runs it again", metadata: ["step": "\(name)", "error": "\(error)"])
            }
            run.outputs[name] = finished.state.output ?? .null
            run.schedule.succeeded(name)
            if run.stopReason == nil, run.schedule.allSucceeded {
                run.lastStep = EndedStep(state: finished.state, event: "step.succeeded", log: finished.log)
                return nil
            }
            guard recordStep(run.claimed, finished.state, event: "step.succeeded", log: finished.log, logger: logger) == .recorded else { return .abandoned }
            return nil
        default:
            configuration.metrics.step(pipeline: run.pipeline.name, finished.state)
            let policy = run.pipeline.retries(of: run.pipeline.step(named: name) ?? Step(name: name, run: []))
            let timeLeft = run.runDeadline.map { ContinuousClock.now < $0 } ?? true
            let retry = attempt < policy.maxAttempts && run.stopReason == nil && !run.schedule.isHalted && timeLeft
            if retry || attempt > 1 { finished.state.attempts = attempt }
            guard recordStep(run.claimed, finished.state, event: "step.failed", log: finished.log, logger: logger) == .recorded else { return .abandoned }
            if retry {
                let backoff = policy.delay(beforeAttempt: attempt + 1)
                logger.info("step will be retried", metadata: ["step": "\(name)", "attempt": "\(attempt + 1)", "backoff": "\(backoff)"])
                configuration.metrics.retried(pipeline: run.pipeline.name)
                run.retries[name] = (ContinuousClock.now + backoff, attempt + 1)
                return nil
            }
            let error = RunError(step: name, message: finished.state.error ?? "step failed")
            logger.warning("step failed", metadata: ["step": "\(name)", "error": "\(error.message)"])
            run.firstError = run.firstError ?? error
            run.schedule.failed(name)
            // Without continue_on_failure, the steps running beside it are stopped (SIGTERM, then
            // SIGKILL after the kill grace) and nothing else starts.
            if run.schedule.isHalted { run.stopAll() }
            return nil
        }
    }

    /// Every step has ended (or will never start): the run's end.
    private func conclude(_ run: inout RunningSteps, logger: Logger) -> Ending {
        let unstarted = run.schedule.unstarted.map { StepState(name: $0, status: .skipped) }
        if let reason = run.stopReason, !run.schedule.allSucceeded {
            // A run handed back keeps its attempt number, so the worker that takes it next (maybe on this
            // host) uses the same directory: clear it before the hand-back, not after (no step is left).
            if reason == .draining || reason == .fenced, !configuration.keepRunDirectories {
                run.directory.remove()
                run.directoryCleared = true
            }
            return stopped(run.claimed, reason: reason, steps: run.stoppedSteps + unstarted, logger: logger)
        }
        if let error = run.firstError {
            return finish(run.claimed, status: .failed, outputs: nil, error: error, steps: run.stoppedSteps + unstarted, logger: logger,
                          ending: .failed, message: "run failed")
        }
        // Every step succeeded: the run succeeded, even when its cancel was requested while the last
        // step ran and that step ended before a heartbeat could stop it. The cancel came too late;
        // what ran is kept (its outputs, its side effects, a `run.succeeded` webhook) rather than
        // reported as not having happened, and `cancel_requested` stays on the record to tell it.
        // Celery's revoke of a task that completes, Temporal's cancel of a workflow that completes
        // and Sidekiq's cooperative cancel all end the same way. A cancel stops what has not started:
        // the next step (`record_step` refuses it).
        let outputs = run.pipeline.outputsStep.flatMap { run.outputs[$0] } ?? .null
        return finish(run.claimed, status: .succeeded, outputs: outputs, error: nil, ended: run.lastStep, logger: logger,
                      ending: .succeeded, message: "run succeeded")
    }
}
