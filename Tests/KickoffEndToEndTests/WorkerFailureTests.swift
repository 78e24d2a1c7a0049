import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Failures, timeouts, cancels, crashes and shutdowns, with real worker processes.
@Suite struct WorkerFailureTests {
    @Test func aFailingStepIsRetriedWithBackoffThenTheRunFails() async throws {
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          flaky:
            retries: {max_attempts: 3, backoff: 100ms}
            steps:
              prepare: {run: [python3, step.py, echo]}
              explode: {run: [python3, step.py, fail], after: [prepare]}
              never: {run: [python3, step.py, echo], after: [explode]}
        """)
        let run = try await fixture.enqueue("flaky")
        try fixture.startWorker("w1")
        let record = try await fixture.waitUntilFinished(run.id)
        #expect(record.status == .failed)
        // Retried in place, on the same worker: the run's attempt stays 1, the step's count 3.
        #expect(record.attempt == 1)
        #expect(record.error == RunError(step: "explode", message: "exit code 3"))
        #expect(record.steps.map(\.status) == [.succeeded, .failed, .skipped])
        #expect(record.steps[1].exitCode == 3)
        #expect(record.steps[1].attempts == 3)
        let log = try await fixture.queue.runLogs(run.id)["explode"] ?? ""
        #expect(log.contains("boom on attempt 3"))
        #expect(!log.contains("boom on attempt 2"), "a retry's log is its own")
        let events = try await fixture.queue.eventTypes(run.id)
        #expect(events.filter { $0 == "run.running" }.count == 1)
        #expect(events.filter { $0 == "step.failed" }.count == 3)
        #expect(events.filter { $0 == "step.started" }.count == 4, "prepare once, explode three times")
        #expect(events.last == "run.failed")
    }

    @Test func aStepOverItsTimeoutIsKilledWithItsWholeProcessGroup() async throws {
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          slow:
            env: {SHARED: "$SHARED"}
            steps:
              hang: {run: [python3, step.py, grandchild], timeout: 5s}
        """)
        let run = try await fixture.enqueue("slow")
        try fixture.startWorker("w1")
        let record = try await fixture.waitUntilFinished(run.id)
        #expect(record.status == .failed)
        #expect(record.error?.step == "hang")
        #expect(record.error?.message.hasPrefix("timed out") == true)
        let grandchild = try #require(Int32(String(contentsOf: fixture.shared.appendingPathComponent("grandchild.pid"), encoding: .utf8)))
        try await Eventually.poll("the step's grandchild is killed too") { ProcessLiveness.isGone(grandchild) }
    }

    @Test func cancelStopsARunningStep() async throws {
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          long:
            env: {SHARED: "$SHARED"}
            steps:
              wait: {run: [python3, step.py, block]}
              after: {run: [python3, step.py, echo], after: [wait]}
        """)
        let run = try await fixture.enqueue("long")
        try fixture.startWorker("w1")
        let stepPID = try await fixture.waitForBlockingStep(run.id)
        #expect(try await fixture.queue.blocking { try $0.cancel(id: run.id) } == .cancelRequested)
        let record = try await fixture.waitUntilFinished(run.id)
        #expect(record.status == .canceled)
        #expect(record.steps.map(\.status) == [.canceled, .skipped])
        try await Eventually.poll("the step process is stopped") { ProcessLiveness.isGone(stepPID) }
    }

    /// kill -9 of a worker mid-step: another worker reclaims the run after the lease and finishes it;
    /// the run finishes exactly once.
    @Test func aKilledWorkersRunIsReclaimedAndFinishedByAnother() async throws {
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          survive:
            env: {SHARED: "$SHARED"}
            steps:
              wait: {run: [python3, step.py, block]}
        """)
        let run = try await fixture.enqueue("survive")
        let doomed = try fixture.startWorker("doomed")
        let orphan = try await fixture.waitForBlockingStep(run.id, attempt: 1)
        doomed.signal(SIGKILL)
        _ = try await doomed.waitForExit()
        // The orphaned step of the dead worker would otherwise wait for "go" forever.
        kill(orphan, SIGKILL)

        try fixture.startWorker("rescuer")
        try await fixture.waitForBlockingStep(run.id, attempt: 1, not: orphan)
        fixture.releaseBlockingSteps()
        let record = try await fixture.waitUntilFinished(run.id)
        #expect(record.status == .succeeded, "\(fixture.workerLogs())")
        // A lost worker costs no attempt.
        #expect(record.attempt == 1)
        #expect(record.reclaims == 1)
        #expect(record.worker == "rescuer")
        #expect(record.outputs?.objectValue?["attempt"] == .integer(1))
        let events = try await fixture.queue.eventTypes(run.id)
        #expect(events.filter { $0.hasPrefix("run.") && $0 != "run.queued" && $0 != "run.running" } == ["run.succeeded"])
    }

    /// SIGTERM: the worker stops claiming, lets its step go on for the drain grace, then hands the
    /// run back; it exits 0 and the run is queued again with the same attempt.
    @Test func sigtermDrainsAndHandsTheRunBack() async throws {
        let fixture = try await WorkerFixture(pipelines: WorkerFixture.blockingPipeline)
        let run = try await fixture.enqueue("long")
        let worker = try fixture.startWorker("w1", extra: ["--drain-grace", "300ms"])
        try await fixture.waitForBlockingStep(run.id)
        worker.signal(SIGTERM)
        #expect(try await worker.waitForExit() == 0, "\(worker.output)")
        let record = try #require(try await fixture.record(run.id))
        #expect(record.status == .queued)
        #expect(record.attempt == 1)
        // Another worker picks it up and finishes it.
        fixture.releaseBlockingSteps()
        try fixture.startWorker("w2")
        #expect(try await fixture.waitUntilFinished(run.id).status == .succeeded)
    }

    /// A run handed back keeps its attempt number, so the next worker on this host uses the same run
    /// directory: the draining worker must clear it before the hand-back, never after (it would delete
    /// the directory the next worker is writing its step's log to). Redis's writes are paused while
    /// the worker drains, so the hand-back waits in Redis: the directory is gone while the run is
    /// still recorded as running.
    @Test func aDrainingWorkerClearsItsRunDirectoryBeforeHandingTheRunBack() async throws {
        let server = try RedisServerProcess()
        try await server.start()
        defer { server.kill() }
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          long:
            env: {SHARED: "$SHARED"}
            steps:
              wait: {run: [python3, step.py, block]}
        """, redis: server.configuration)
        let run = try await fixture.enqueue("long")
        let worker = try fixture.startWorker("w1", extra: ["--drain-grace", "100ms"])
        try await fixture.waitForBlockingStep(run.id)
        let directory = fixture.directory.appendingPathComponent("data/\(run.id).attempt-1").path
        #expect(FileManager.default.fileExists(atPath: directory))
        _ = try await fixture.queue.send(RedisCommand("CLIENT", "PAUSE", "30000", "WRITE"))
        worker.signal(SIGTERM)
        try await Eventually.poll("the run directory is cleared", deadline: .seconds(20)) {
            !FileManager.default.fileExists(atPath: directory)
        }
        let status = try await fixture.queue.send(RedisCommand("HGET", StoreKeys(namespace: fixture.queue.namespace).run(run.id), "status")).string
        // What the next worker on this host would create once the run is back in line: the same attempt's
        // directory. The draining worker must leave it alone after its hand-back.
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        try Data("next".utf8).write(to: URL(fileURLWithPath: directory + "/wait.log"))
        _ = try await fixture.queue.send(RedisCommand("CLIENT", "UNPAUSE"))
        #expect(status == "running", "the run was handed back before its directory was cleared")
        #expect(try await worker.waitForExit() == 0, "\(worker.output)")
        #expect(try #require(try await fixture.record(run.id)).status == .queued)
        #expect(FileManager.default.fileExists(atPath: directory + "/wait.log"), "the worker removed the directory after its hand-back")
    }

    @Test func anIdleWorkerExitsAtOnceOnSigterm() async throws {
        let fixture = try await WorkerFixture(pipelines: WorkerRunTests.chain)
        let worker = try fixture.startWorker("idle")
        // Its own log line, not any BLPOP on the shared server: other tests' workers wait there too.
        try await Eventually.poll("the worker is ready") { worker.output.contains("worker ready") }
        worker.signal(SIGTERM)
        #expect(try await worker.waitForExit() == 0)
    }
}
