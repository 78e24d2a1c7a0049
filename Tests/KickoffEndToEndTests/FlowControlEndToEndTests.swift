import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Named queues and concurrency keys with real `kickoff worker` processes; blocking steps are the
/// barriers (a step that runs leaves its pid file and waits for `go`).
@Suite struct FlowControlEndToEndTests {
    static let keyedPipelines = """
    pipelines:
      train:
        env: {SHARED: "$SHARED"}
        concurrency:
          - {key: "{{model}}", limit: 1}
        steps:
          fit:
            run: [python3, step.py, block]
            parameters:
              model: {type: string}
    """

    @Test func runsOfOneKeyNeverOverlapWhileRunsOfOtherKeysDo() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.keyedPipelines)
        let a1 = try await fixture.enqueue("train", TriggerValues(parameters: ["model": .string("a")]))
        let a2 = try await fixture.enqueue("train", TriggerValues(parameters: ["model": .string("a")]))
        let b1 = try await fixture.enqueue("train", TriggerValues(parameters: ["model": .string("b")]))
        for name in ["w1", "w2", "w3"] { try fixture.startWorker(name) }
        // Both keys run at once: two steps are running together.
        try await fixture.waitForBlockingStep(a1.id)
        try await fixture.waitForBlockingStep(b1.id)
        // a2 waits for its key, and says so, although a third worker is idle.
        let waiting = try #require(try await fixture.record(a2.id))
        #expect(waiting.status == .queued)
        #expect(waiting.waitingFor == RunWait(reason: .concurrency, key: "a", limit: 1))
        #expect(!FileManager.default.fileExists(atPath: fixture.blockingStepPIDFile(a2.id).path))
        fixture.releaseBlockingSteps()
        let first = try await fixture.waitUntilFinished(a1.id)
        let second = try await fixture.waitUntilFinished(a2.id)
        #expect(first.status == .succeeded && second.status == .succeeded, "\(fixture.workerLogs())")
        // Never overlapping: a2 started after a1 finished.
        #expect(try #require(second.startedAt) >= (try #require(first.finishedAt)))
        #expect(try await fixture.waitUntilFinished(b1.id).status == .succeeded)
    }

    @Test func aSIGKILLedWorkersSlotIsFreedAndTheKeysNextRunStarts() async throws {
        // A run that survives no lost worker: the reclaim ends it, and must free its slot.
        let fixture = try await WorkerFixture(pipelines: Self.keyedPipelines.replacingOccurrences(
            of: "  train:\n", with: "  train:\n    max_reclaims: 0\n"))
        let doomedRun = try await fixture.enqueue("train", TriggerValues(parameters: ["model": .string("m")]))
        let next = try await fixture.enqueue("train", TriggerValues(parameters: ["model": .string("m")]))
        let doomed = try fixture.startWorker("doomed")
        let orphan = try await fixture.waitForBlockingStep(doomedRun.id)
        doomed.signal(SIGKILL)
        _ = try await doomed.waitForExit()
        kill(orphan, SIGKILL)
        try fixture.startWorker("rescuer")
        // The lease runs out, the run fails (max_reclaims 0), and its slot goes to the next run.
        try await fixture.waitForBlockingStep(next.id)
        fixture.releaseBlockingSteps()
        #expect(try await fixture.waitUntilFinished(doomedRun.id).status == .failed)
        let record = try await fixture.waitUntilFinished(next.id)
        #expect(record.status == .succeeded, "\(fixture.workerLogs())")
        #expect(record.worker == "rescuer")
        #expect(try await fixture.queue.send(RedisCommand("SCARD", fixture.queue.keys.slot("train:0:m"))).int == 0)
    }

    @Test func aGPUOnlyWorkerNeverClaimsADefaultRunWhichWaitsForItsOwnWorker() async throws {
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          fit:
            queue: gpu
            env: {SHARED: "$SHARED"}
            steps:
              go: {run: [python3, step.py, mark]}
          ingest:
            env: {SHARED: "$SHARED"}
            steps:
              go: {run: [python3, step.py, mark]}
        """)
        let ingest = try await fixture.enqueue("ingest")
        let fit = try await fixture.enqueue("fit")
        try fixture.startWorker("gpu-only", extra: ["--queues", "gpu"])
        #expect(try await fixture.waitUntilFinished(fit.id).worker == "gpu-only")
        // The gpu worker found nothing more to claim (it claimed the gpu run, which came second), and
        // the default run is still waiting, not failed.
        let waiting = try #require(try await fixture.record(ingest.id))
        #expect(waiting.status == .queued)
        try fixture.startWorker("general", extra: ["--queues", "default"])
        let done = try await fixture.waitUntilFinished(ingest.id)
        #expect(done.status == .succeeded && done.worker == "general", "\(fixture.workerLogs())")
    }

    @Test func aWorkerCountsAsServingItsQueuesWhileItRuns() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.keyedPipelines)
        let store = RunStore(client: RedisClient(configuration: fixture.queue.configuration, connectionCount: 1), operations: fixture.queue.operations)
        let worker = try fixture.startWorker("gpu-1", extra: ["--queues", "gpu"])
        try await Eventually.poll("the worker is counted for gpu") {
            try await store.liveWorkers(queues: ["gpu", "default"]) == ["gpu": 1, "default": 0]
        }
        worker.signal(SIGTERM)
        #expect(try await worker.waitForExit() == 0)
        #expect(try await store.liveWorkers(queues: ["gpu"]) == ["gpu": 0])
    }

    @Test func aWorkerWhoseFileLacksThePipelineLeavesItsRunsQueued() async throws {
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          known:
            env: {SHARED: "$SHARED"}
            steps:
              go: {run: [python3, step.py, mark]}
        """)
        // A run of a pipeline this file does not have, in the queue the worker serves.
        var made = NewRun(pipeline: "elsewhere", parameters: ["go": [:]], stepNames: ["go"])
        made.fairness = "key:x"
        let foreign = made
        try await fixture.queue.blocking { try $0.enqueue(foreign) }
        let known = try await fixture.enqueue("known")
        try fixture.startWorker("w1")
        #expect(try await fixture.waitUntilFinished(known.id).status == .succeeded)
        let record = try #require(try await fixture.record(foreign.id))
        #expect(record.status == .queued, "\(fixture.workerLogs())")
        #expect(record.attempt == 1)
    }
}
