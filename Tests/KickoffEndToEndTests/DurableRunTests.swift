import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Durable runs with real workers, proven by counting side effects: a lost worker costs no attempt
/// and no succeeded step; a retried run resumes at its failed step; a poison pill is stopped.
@Suite struct DurableRunTests {
    /// Lines in `$SHARED/<run id>-<step>.count`: how many times the step ran (`tally`, `fail-once`, `kill-worker`).
    static func executions(_ fixture: WorkerFixture, _ runID: String, _ step: String) -> Int {
        let text = (try? String(contentsOf: fixture.shared.appendingPathComponent("\(runID)-\(step).count"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").count
    }

    static func artifacts(_ fixture: WorkerFixture, _ runID: String, store: String = "data/artifacts") -> URL {
        fixture.directory.appendingPathComponent(store).appendingPathComponent(fixture.queue.namespace).appendingPathComponent(runID)
    }

    /// A 3-step run whose third step fails once: steps 1 and 2 ran exactly once; the third got their
    /// outputs and artifacts on its second run.
    @Test func aRetriedRunResumesAtItsFailedStep() async throws {
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          three:
            env: {SHARED: "$SHARED"}
            steps:
              one: {run: [python3, step.py, tally]}
              two: {run: [python3, step.py, tally], after: [one]}
              three: {run: [python3, step.py, fail-once], after: [two], retries: {max_attempts: 2, backoff: 0s}}
        """)
        let run = try await fixture.enqueue("three")
        try fixture.startWorker("w1")
        let record = try await fixture.waitUntilFinished(run.id)
        #expect(record.status == .succeeded, "\(fixture.workerLogs())")
        #expect(Self.executions(fixture, run.id, "one") == 1)
        #expect(Self.executions(fixture, run.id, "two") == 1)
        #expect(Self.executions(fixture, run.id, "three") == 2)
        // Retried in place: no attempt of the run, two of the step.
        #expect(record.attempt == 1)
        #expect(record.steps.map(\.attempts) == [nil, nil, 2])
        #expect(RunObject(record: record).steps.map(\.attempts) == [1, 1, 2])
        let output = try #require(record.outputs?.objectValue)
        #expect(output["artifacts"] == .array([.string("one"), .string("two")]))
        #expect(output["inputs"]?.objectValue?["two"]?.objectValue?["step"] == .string("two"))
        let events = try await fixture.queue.eventTypes(run.id)
        #expect(events.filter { $0 == "run.running" }.count == 1)
        #expect(events.filter { $0 == "step.started" }.count == 4)
        // Succeeded, and its pipeline does not keep artifacts: they are gone.
        #expect(!FileManager.default.fileExists(atPath: Self.artifacts(fixture, run.id).path))
    }

    /// kill -9 of the worker during step 2: step 1 is not run again; the run resumes at step 2 on
    /// another worker, with step 1's output and artifact, and costs no attempt.
    @Test func aWorkerKilledDuringStepTwoDoesNotRunStepOneAgain() async throws {
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          resume:
            env: {SHARED: "$SHARED"}
            keep_artifacts: true
            steps:
              one: {run: [python3, step.py, tally]}
              two: {run: [python3, step.py, block], after: [one]}
              three: {run: [python3, step.py, tally], after: [two]}
        """)
        let run = try await fixture.enqueue("resume")
        let doomed = try fixture.startWorker("doomed")
        let orphan = try await fixture.waitForBlockingStep(run.id)
        doomed.signal(SIGKILL)
        _ = try await doomed.waitForExit()
        kill(orphan, SIGKILL)

        try fixture.startWorker("rescuer")
        try await fixture.waitForBlockingStep(run.id, not: orphan)
        fixture.releaseBlockingSteps()
        let record = try await fixture.waitUntilFinished(run.id)
        #expect(record.status == .succeeded, "\(fixture.workerLogs())")
        #expect(record.attempt == 1)
        #expect(record.reclaims == 1)
        #expect(Self.executions(fixture, run.id, "one") == 1)
        #expect(Self.executions(fixture, run.id, "three") == 1)
        #expect(record.outputs?.objectValue?["artifacts"] == .array([.string("one")]))
        let events = try await fixture.queue.eventTypes(run.id)
        #expect(events.contains("run.resumed"))
        // keep_artifacts: true keeps a succeeded run's artifacts.
        #expect(FileManager.default.fileExists(atPath: Self.artifacts(fixture, run.id).appendingPathComponent("artifacts/three").path))
    }

    /// A worker whose artifact store lacks step 1's artifacts (another machine) runs step 1 again,
    /// and says so in `run.resumed`.
    @Test func aWorkerWithoutTheArtifactsRunsFromTheStepItLacks() async throws {
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          resume:
            env: {SHARED: "$SHARED"}
            steps:
              one: {run: [python3, step.py, tally]}
              two: {run: [python3, step.py, block], after: [one]}
        """)
        let run = try await fixture.enqueue("resume")
        let doomed = try fixture.startWorker("doomed")
        let orphan = try await fixture.waitForBlockingStep(run.id)
        doomed.signal(SIGKILL)
        _ = try await doomed.waitForExit()
        kill(orphan, SIGKILL)

        let elsewhere = fixture.directory.appendingPathComponent("other-store").path
        try fixture.startWorker("elsewhere", extra: ["--artifact-store", elsewhere])
        try await fixture.waitForBlockingStep(run.id, not: orphan)
        fixture.releaseBlockingSteps()
        let record = try await fixture.waitUntilFinished(run.id)
        #expect(record.status == .succeeded, "\(fixture.workerLogs())")
        #expect(Self.executions(fixture, run.id, "one") == 2)
        let client = RedisClient(configuration: fixture.queue.configuration, connectionCount: 1)
        defer { Task { await client.shutdown() } }
        let events = try await RunStore(client: client, operations: fixture.queue.operations).events(id: run.id)
        let resumed = try #require(events.first { $0.type == "run.resumed" })
        let data = try JSONTextReader.parse(resumed.data.utf8)
        #expect(data.objectValue?["from_step"] == .string("one"))
        #expect(data.objectValue?["reason"]?.stringValue?.contains("artifacts of step one") == true, "\(resumed.data)")
    }

    /// A step that kills its worker every time (a poison pill): after max_reclaims the run fails with
    /// an error naming the step and the number of workers lost; the step before it ran once.
    @Test func aStepThatKillsItsWorkerEveryTimeFailsAfterMaxReclaims() async throws {
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          poison:
            env: {SHARED: "$SHARED"}
            max_reclaims: 1
            steps:
              one: {run: [python3, step.py, tally]}
              pill: {run: [python3, step.py, kill-worker], after: [one]}
        """)
        let run = try await fixture.enqueue("poison")
        for (round, name) in ["w1", "w2"].enumerated() {
            let worker = try fixture.startWorker(name)
            _ = try await worker.waitForExit()
            #expect(Self.executions(fixture, run.id, "pill") == round + 1)
        }
        // A live worker's maintenance finds the second lost lease.
        try fixture.startWorker("w3")
        let record = try await fixture.waitUntilFinished(run.id)
        #expect(record.status == .failed)
        #expect(record.reclaims == 2)
        #expect(record.error?.step == "pill")
        #expect(record.error?.message.hasPrefix("the run lost 2 workers (max_reclaims 1) while step pill was running") == true,
                "\(String(describing: record.error))")
        #expect(Self.executions(fixture, run.id, "one") == 1)
        #expect(Self.executions(fixture, run.id, "pill") == 2)
    }

    /// A failed run keeps its artifacts (for a retry); a purge removes them.
    @Test func aPurgedRunsArtifactsAreRemoved() async throws {
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          broken:
            env: {SHARED: "$SHARED"}
            steps:
              one: {run: [python3, step.py, tally]}
              two: {run: [python3, step.py, fail], after: [one]}
        """)
        let run = try await fixture.enqueue("broken")
        try fixture.startWorker("w1", extra: ["--artifact-sweep-interval", "100ms"])
        #expect(try await fixture.waitUntilFinished(run.id).status == .failed)
        let artifact = Self.artifacts(fixture, run.id).appendingPathComponent("artifacts/one")
        #expect(FileManager.default.fileExists(atPath: artifact.path))
        let client = RedisClient(configuration: fixture.queue.configuration, connectionCount: 1)
        defer { Task { await client.shutdown() } }
        #expect(try await RunStore(client: client, operations: fixture.queue.operations).purge(olderThan: .zero).deleted == 1)
        try await Eventually.poll("the sweep removes the purged run's artifacts") {
            !FileManager.default.fileExists(atPath: Self.artifacts(fixture, run.id).path)
        }
    }

    /// Two steps that do not depend on each other run at the same time: each waits for the other's
    /// marker file (a barrier), so the run can only succeed if they overlap.
    @Test func independentBranchesRunAtTheSameTime() async throws {
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          fork:
            env: {SHARED: "$SHARED"}
            steps:
              prepare: {run: [python3, step.py, tally]}
              left: {run: [python3, step.py, meet], after: [prepare]}
              right: {run: [python3, step.py, meet], after: [prepare]}
              join: {run: [python3, step.py, tally], after: [left, right]}
        """)
        let run = try await fixture.enqueue("fork")
        try fixture.startWorker("w1")
        let record = try await fixture.waitUntilFinished(run.id)
        #expect(record.status == .succeeded, "\(fixture.workerLogs())")
        #expect(record.steps.map(\.status) == [.succeeded, .succeeded, .succeeded, .succeeded])
        let inputs = try #require(record.outputs?.objectValue?["inputs"]?.objectValue)
        #expect(Set(inputs.keys) == ["left", "right"])
        #expect(Self.executions(fixture, run.id, "join") == 1)
    }

    /// A step that fails stops its running sibling (SIGTERM to its process group) and skips what
    /// depends on it.
    @Test func aFailedStepStopsItsRunningSiblings() async throws {
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          fork:
            env: {SHARED: "$SHARED"}
            steps:
              slow: {run: [python3, step.py, block]}
              boom: {run: [python3, step.py, fail-when]}
              after: {run: [python3, step.py, mark], after: [slow, boom]}
        """)
        let run = try await fixture.enqueue("fork")
        try fixture.startWorker("w1")
        let sibling = try await fixture.waitForBlockingStep(run.id)
        let record = try await fixture.waitUntilFinished(run.id)
        #expect(record.status == .failed)
        #expect(record.error?.step == "boom")
        #expect(record.steps.map(\.status) == [.canceled, .failed, .skipped])
        try await Eventually.poll("the sibling's process is stopped") { ProcessLiveness.isGone(sibling) }
        #expect(!FileManager.default.fileExists(atPath: fixture.shared.appendingPathComponent("\(run.id)-after.ran").path))
    }

    /// continue_on_failure: the independent branch finishes; the run fails at the end.
    @Test func continueOnFailureLetsIndependentBranchesFinish() async throws {
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          fork:
            env: {SHARED: "$SHARED"}
            continue_on_failure: true
            steps:
              slow: {run: [python3, step.py, block]}
              boom: {run: [python3, step.py, fail-when]}
              after: {run: [python3, step.py, mark], after: [boom]}
        """)
        let run = try await fixture.enqueue("fork")
        try fixture.startWorker("w1")
        try await fixture.waitForBlockingStep(run.id)
        try await Eventually.poll("boom has failed") { try await fixture.record(run.id)?.steps[1].status == .failed }
        #expect(try await fixture.record(run.id)?.steps[0].status == .running)
        fixture.releaseBlockingSteps()
        let record = try await fixture.waitUntilFinished(run.id)
        #expect(record.status == .failed)
        #expect(record.error?.step == "boom")
        #expect(record.steps.map(\.status) == [.succeeded, .failed, .skipped])
    }

    /// Fencing: a worker cut off from Redis (here: the server frozen with SIGSTOP, so every call hangs
    /// until its timeout) stops its step once its lease has gone unrenewed for `fenceAfter`, while
    /// Redis is still away; when Redis is back it hands the run back, and the run resumes at that step.
    @Test func aWorkerCutOffFromRedisStopsItsStepBeforeItsLeaseRunsOut() async throws {
        let server = try RedisServerProcess()
        try await server.start()
        defer { server.kill() }
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          fenced:
            env: {SHARED: "$SHARED"}
            steps:
              one: {run: [python3, step.py, tally]}
              two: {run: [python3, step.py, block], after: [one]}
        """, redis: server.configuration)
        let run = try await fixture.enqueue("fenced")
        // Lease 2 s, heartbeat 200 ms, kill grace 1 s: fenced after 1 s without a renewal.
        let worker = try fixture.startWorker("cut-off", extra: ["--lease", "2s"])
        let step = try await fixture.waitForBlockingStep(run.id)
        server.pause()
        try await Eventually.poll("the step is stopped while Redis is still away") { ProcessLiveness.isGone(step) }
        #expect(worker.output.contains("fencing"), "\(worker.output)")
        server.resume()
        try await fixture.waitForBlockingStep(run.id, not: step)
        fixture.releaseBlockingSteps()
        let record = try await fixture.waitUntilFinished(run.id)
        #expect(record.status == .succeeded, "\(fixture.workerLogs())")
        #expect(Self.executions(fixture, run.id, "one") == 1)
        let finals = try await fixture.queue.eventTypes(run.id).filter { RunEvent.finalTypes.contains($0) }
        #expect(finals == ["run.succeeded"])
    }
}
