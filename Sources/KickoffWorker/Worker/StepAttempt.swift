import Foundation
import Glibc
import KickoffModel
import KickoffStore

/// One run of one step's process, from its environment to its final state: what a step's own thread
/// does while the run's thread waits for it (and for the steps running beside it).
struct StepAttempt: Sendable {
    let configuration: WorkerConfiguration
    let runner = StepRunner()

    struct Finished: Sendable {
        var state: StepState
        var log: String?
    }

    /// Blocks until the step's process has ended (or never started).
    /// - Parameters:
    ///   - inputs: the outputs of the steps this one comes after.
    ///   - attempt: the step's attempt within the run (retries in place count up); `KICKOFF_ATTEMPT`
    ///     adds it to the run's attempt (a run queued again for a worker that could not run it).
    func run(_ step: Step, of pipeline: Pipeline, run claimed: ClaimedRun, directory: RunDirectory, artifacts: RunArtifacts,
             inputs: [String: JSONValue], runDeadline: ContinuousClock.Instant?, cancellation: StepCancellation,
             startedAt: Int64, attempt: Int) -> Finished {
        var state = StepState(name: step.name, status: .failed, startedAt: startedAt, attempts: attempt > 1 ? attempt : nil)
        // The step's own span of the run's trace: its TRACEPARENT, and the span reported when it ends.
        let stepTrace = claimed.record.trace?.child()
        func done(_ error: String?, log: String? = nil) -> Finished {
            state.finishedAt = WallClock.milliseconds()
            state.error = error
            WorkerSpans.step(stepTrace, of: claimed.record, state: state)
            return Finished(state: state, log: log)
        }
        let parameters = claimed.record.parameters[step.name] ?? [:]
        var spec: StepProcessSpec
        do {
            let environment = StepEnvironment.build(
                pipelineEnv: pipeline.env, stepEnv: step.env, inheritNames: pipeline.inheritEnv,
                from: Self.workerEnvironment,
                kickoff: StepEnvironment.kickoffVariables(
                    runID: claimed.record.id, step: step.name, attempt: claimed.record.attempt + attempt - 1, parameters: parameters,
                    inputs: inputs, outputPath: try directory.outputPath(step: step.name), artifactDir: artifacts.artifactDir)
                    .merging(stepTrace?.environment ?? [:]) { kickoff, _ in kickoff })
            spec = StepProcessSpec(argv: step.argv(parameters: parameters), workingDirectory: pipeline.workingDirectory,
                                   environment: environment, logPath: try directory.logPath(step: step.name),
                                   timeout: Self.timeout(step: step.timeout, runDeadline: runDeadline), killGrace: configuration.killGrace)
            spec.sandbox = StepSandbox(confinement: pipeline.confinement(of: step), runDirectory: directory, artifacts: artifacts)  // #17 item 11
        } catch {
            return done("cannot prepare the step: \(error)")
        }
        // A retry in place starts from an empty output file and log.
        if attempt > 1, let output = try? directory.outputPath(step: step.name), let log = try? directory.logPath(step: step.name) {
            unlink(output)
            unlink(log)
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
}
