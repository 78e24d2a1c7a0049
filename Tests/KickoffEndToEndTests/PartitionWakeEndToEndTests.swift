import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// With `KICKOFF_PARTITIONS=3`, every path that puts a run in line wakes an idle `kickoff worker` at
/// once (README → Partitions): a hand-back by a draining worker, a retry without backoff, a slot
/// freed by an end or a cancel, a debounced run coming due, a retry from the CLI. The workers wait
/// 10 minutes when idle (`KICKOFF_IDLE_WAIT=10m`) and every deadline here is far shorter, so a run
/// starts in time only if a wake-up reached its worker. Each test has a private Redis, whose
/// `CLIENT LIST` shows exactly when its workers wait (a blocked BLPOP each); a run put in line by
/// the test's own queue calls (`WorkerQueue.enqueue`) wakes nobody, so the worker sleeps on until
/// the path under test wakes it.
@Suite struct PartitionWakeEndToEndTests {
    static let environment = [EnvironmentVariable.idleWait: "10m", EnvironmentVariable.partitions: "3"]
    /// Far below the idle wait: only a wake-up starts a run in time.
    static let deadline: Duration = .seconds(60)

    static let quick = """
    pipelines:
      quick:
        env: {SHARED: "$SHARED"}
        retries: {max_attempts: 2, backoff: 0s}
        steps:
          go: {run: [python3, step.py, mark]}
    """

    /// A private Redis (so `CLIENT LIST` shows only this test's workers) and a fixture with 3 partitions on it.
    static func fixture(_ yaml: String) async throws -> (server: RedisServerProcess, fixture: WorkerFixture) {
        let server = try RedisServerProcess()
        try await server.start()
        return (server, try await WorkerFixture(pipelines: yaml, redis: server.configuration, partitions: 3))
    }

    /// Polls until `count` connections wait in a BLPOP: the test's idle workers, asleep.
    static func waitForIdleWorkers(_ count: Int, _ fixture: WorkerFixture) async throws {
        try await Eventually.poll("\(count) idle worker(s) wait for a wake-up", deadline: .seconds(60)) {
            let clients = try await fixture.queue.send(RedisCommand("CLIENT", "LIST")).string ?? ""
            return clients.split(separator: "\n").filter { $0.contains("cmd=blpop") && $0.contains("flags=b") }.count == count
        }
    }

    /// A run of `pipeline`, in the partition it belongs to, put in line without waking anyone.
    static func enqueueQuietly(_ fixture: WorkerFixture, _ pipeline: String, _ values: TriggerValues = TriggerValues()) async throws -> NewRun {
        let pipeline = try fixture.pipeline(pipeline)
        let run = NewRun(pipeline: pipeline, parameters: try pipeline.resolve(values).get()).placed(in: fixture.queue.keys.partitions)
        try await fixture.queue.blocking { try $0.enqueue(run) }
        return run
    }

    static func finished(_ fixture: WorkerFixture, _ id: String) async throws -> RunRecord {
        try await fixture.waitUntilFinished(id, deadline: deadline)
    }

    @Test func aRunHandedBackByADrainingWorkerWakesAnIdleOne() async throws {
        let (server, fixture) = try await Self.fixture("""
            pipelines:
              held:
                env: {SHARED: "$SHARED"}
                steps:
                  go: {run: [python3, step.py, block]}
            """)
        defer { withExtendedLifetime(server) {} }
        let run = try await Self.enqueueQuietly(fixture, "held")
        // Its first claim takes the run at once (no wait).
        let leaving = try fixture.startWorker("leaving", extra: ["--drain-grace", "0s"], environment: Self.environment)
        let first = try await fixture.waitForBlockingStep(run.id, deadline: Self.deadline)
        try fixture.startWorker("staying", environment: Self.environment)
        try await Self.waitForIdleWorkers(1, fixture)
        leaving.signal(SIGTERM)  // no grace: its step is stopped, the run handed back (release)
        #expect(try await leaving.waitForExit() == 0)
        _ = try await fixture.waitForBlockingStep(run.id, not: first, deadline: Self.deadline)
        fixture.releaseBlockingSteps()
        let record = try await Self.finished(fixture, run.id)
        #expect(record.status == .succeeded && record.worker == "staying", "\(fixture.workerLogs().suffix(3000))")
    }

    @Test func aRetryWithoutBackoffWakesAnIdleWorker() async throws {
        let (server, fixture) = try await Self.fixture(Self.quick)
        defer { withExtendedLifetime(server) {} }
        try fixture.startWorker("idle", environment: Self.environment)
        try await Self.waitForIdleWorkers(1, fixture)
        let run = try await Self.enqueueQuietly(fixture, "quick")
        // The test is the worker whose attempt fails: queued again at once (fail_attempt, backoff 0).
        let retried = try await fixture.queue.blocking { queue in
            let claimed = try #require(try queue.claim(worker: "failing", lease: .seconds(30)))
            return try queue.failAttempt(claimed, error: RunError(message: "boom"), backoff: .zero)
        }
        #expect(retried == .retrying)
        let record = try await Self.finished(fixture, run.id)
        #expect(record.status == .succeeded && record.worker == "idle" && record.attempt == 2, "\(fixture.workerLogs().suffix(3000))")
    }

    static let keyed = """
    pipelines:
      keyed:
        env: {SHARED: "$SHARED"}
        concurrency:
          - {key: "{{model}}", limit: 1}
        steps:
          go:
            run: [python3, step.py, mark]
            parameters:
              model: {type: string}
    """

    @Test func aSlotFreedByAnEndWakesAnIdleWorkerForTheRunWaitingForIt() async throws {
        let (server, fixture) = try await Self.fixture(Self.keyed)
        defer { withExtendedLifetime(server) {} }
        try fixture.startWorker("idle", environment: Self.environment)
        try await Self.waitForIdleWorkers(1, fixture)
        let values = TriggerValues(parameters: ["model": .string("m")])
        let holder = try await Self.enqueueQuietly(fixture, "keyed", values)
        let waiting = try await Self.enqueueQuietly(fixture, "keyed", values)
        #expect(try await fixture.record(waiting.id)?.waitingFor?.reason == .concurrency)
        // The test is the worker that ends the slot's holder: the waiting run enters the line.
        let ended = try await fixture.queue.blocking { queue in
            let claimed = try #require(try queue.claim(worker: "ending", lease: .seconds(30)))
            #expect(claimed.record.id == holder.id)
            return try queue.finish(claimed, status: .succeeded, outputs: nil, error: nil)
        }
        #expect(ended == .ok)
        let record = try await Self.finished(fixture, waiting.id)
        #expect(record.status == .succeeded && record.worker == "idle", "\(fixture.workerLogs().suffix(3000))")
    }

    @Test func aSlotFreedByACancelWakesAnIdleWorkerForTheRunWaitingForIt() async throws {
        let (server, fixture) = try await Self.fixture(Self.keyed)
        defer { withExtendedLifetime(server) {} }
        try fixture.startWorker("idle", environment: Self.environment)
        try await Self.waitForIdleWorkers(1, fixture)
        let values = TriggerValues(parameters: ["model": .string("m")])
        let holder = try await Self.enqueueQuietly(fixture, "keyed", values)
        let waiting = try await Self.enqueueQuietly(fixture, "keyed", values)
        // The queued holder is canceled (the API's cancel): its slot goes to the waiting run.
        let store = RunStore(client: RedisClient(configuration: fixture.queue.configuration, connectionCount: 1), operations: fixture.queue.operations)
        #expect(try await store.cancel(id: holder.id) == .canceled)
        let record = try await Self.finished(fixture, waiting.id)
        #expect(record.status == .succeeded && record.worker == "idle", "\(fixture.workerLogs().suffix(3000))")
    }

    @Test func aDebouncedRunComingDueWakesAnIdleWorker() async throws {
        // A pipeline whose runs are in partition 0: the maintainer's first call of a round (the one
        // that renews its lease) promotes them, as each partition's call does the others'.
        let partitions = RunPartitions(count: 3)
        let name = try #require((0..<100).map { "gathered\($0)" }.first { partitions.partition(forKey: "pipeline:" + $0) == 0 })
        let (server, fixture) = try await Self.fixture("""
            pipelines:
              \(name):
                env: {SHARED: "$SHARED"}
                debounce: {window: 1s}
                steps:
                  go: {run: [python3, step.py, mark]}
            """)
        defer { withExtendedLifetime(server) {} }
        // The only worker: it also maintains (promotes due runs).
        try fixture.startWorker("idle", environment: Self.environment)
        try await Self.waitForIdleWorkers(1, fixture)
        let store = RunStore(client: RedisClient(configuration: fixture.queue.configuration, connectionCount: 1), operations: fixture.queue.operations)
        let pipeline = try fixture.pipeline(name)
        guard case .stored(let run) = try await store.submit(NewRun(pipeline: pipeline, parameters: try pipeline.resolve(TriggerValues()).get())) else {
            Issue.record("the first trigger of a window makes a run")
            return
        }
        #expect(run.status == .scheduled)
        #expect(fixture.queue.keys.partitions.partition(ofRunID: run.id) == 0)
        let record = try await Self.finished(fixture, run.id)
        #expect(record.status == .succeeded && record.worker == "idle", "\(fixture.workerLogs().suffix(3000))")
    }

    @Test func aRetryFromTheCLIWakesAnIdleWorker() async throws {
        let (server, fixture) = try await Self.fixture(Self.quick)
        defer { withExtendedLifetime(server) {} }
        let front = try await FrontProcess(redisURL: fixture.redisURL, namespace: fixture.queue.namespace, pipelines: fixture.pipelinesFile.path,
                                           logDirectory: fixture.directory, environment: Self.environment)
        // A failed run, ended by the test (no worker yet).
        let original = try await Self.enqueueQuietly(fixture, "quick")
        let failed = try await fixture.queue.blocking { queue in
            let claimed = try #require(try queue.claim(worker: "failing", lease: .seconds(30)))
            return try queue.finish(claimed, status: .failed, outputs: nil, error: RunError(step: "go", message: "boom"),
                                    steps: [StepState(name: "go", status: .failed)])
        }
        #expect(failed == .ok)
        try fixture.startWorker("idle", environment: Self.environment)
        try await Self.waitForIdleWorkers(1, fixture)
        let retry = try await KickoffProcess.run(["runs", "retry", original.id, "--from", "start"],
                                                 environment: ["KICKOFF_URL": front.baseURL, "KICKOFF_API_KEY": front.key])
        #expect(retry.status == 0, "\(retry.output)")
        let id = try #require(retry.output.split(separator: " ").first.map(String.init))
        let record = try await Self.finished(fixture, id)
        #expect(record.status == .succeeded && record.worker == "idle" && record.retryOf == original.id, "\(fixture.workerLogs().suffix(3000))")
    }
}
