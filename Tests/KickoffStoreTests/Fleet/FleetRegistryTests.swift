import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// The fleet registry (`GET /v1/workers`): written by the worker's `announce`, gone on `withdraw`
/// or when the announcement lapses.
@Suite struct FleetRegistryTests {
    private func record(_ name: String, run: String? = nil) -> WorkerRecord {
        WorkerRecord(name: name, host: "host-1", pid: 42, queues: ["default", "gpu"], pipelineDigest: "abc", startedAt: 1000,
                     runID: run, pipeline: run.map { _ in "demo" }, runSince: run.map { _ in 2000 }, step: run.map { _ in "train" },
                     stepSince: run.map { _ in 3000 }, intervalMilliseconds: 1000, runsDone: 7, rssBytes: 12_345_678)
    }

    @Test func anAnnouncedWorkerIsListedWithItsRunAndLeavesWhenItWithdraws() async throws {
        let queue = try await QueueFixture()
        let store = Store(configuration: StoreConfiguration(redis: queue.configuration), operations: queue.operations, connections: 1)
        defer { Task { await store.shutdown() } }
        let busy = record("w1", run: "run-1")
        try await queue.blocking { try $0.announce(worker: "w1", queues: ["default", "gpu"], for: .seconds(600), record: busy) }
        try await queue.blocking { try $0.announce(worker: "w2", queues: ["default"], for: .seconds(600), record: self.record("w2")) }

        let workers = try await store.fleet.workers().sorted { $0.name < $1.name }
        #expect(workers.map(\.name) == ["w1", "w2"])
        let first = try #require(workers.first)
        #expect(first.runID == "run-1" && first.pipeline == "demo" && first.step == "train")
        #expect(first.runSince == 2000 && first.stepSince == 3000 && first.startedAt == 1000)
        #expect(first.queues == ["default", "gpu"] && first.host == "host-1" && first.pid == 42)
        #expect(first.runsDone == 7 && first.rssBytes == 12_345_678 && first.pipelineDigest == "abc")
        #expect(first.heartbeatAt > 0)
        // Serving the queues is counted as before.
        #expect(try await store.runs.liveWorkers(queues: ["default", "gpu"]) == ["default": 2, "gpu": 1])

        // The run ended: the next announcement rewrites the record whole, without the run.
        try await queue.blocking { try $0.announce(worker: "w1", queues: ["default", "gpu"], for: .seconds(600), record: self.record("w1")) }
        let idle = try #require(try await store.fleet.workers().first { $0.name == "w1" })
        #expect(idle.runID == nil && idle.step == nil && idle.stepSince == nil)

        try await queue.blocking { try $0.withdraw(worker: "w1", queues: ["default", "gpu"]) }
        #expect(try await store.fleet.workers().map(\.name) == ["w2"])
        #expect(try await store.runs.liveWorkers(queues: ["default", "gpu"]) == ["default": 1, "gpu": 0])
        #expect(try await queue.send(RedisCommand("EXISTS", queue.keys.worker("w1"))).int == 0)
    }

    @Test func aWorkerThatStopsAnnouncingLeavesTheListWhenItsAnnouncementLapses() async throws {
        let queue = try await QueueFixture()
        let store = Store(configuration: StoreConfiguration(redis: queue.configuration), operations: queue.operations, connections: 1)
        defer { Task { await store.shutdown() } }
        try await queue.blocking { try $0.announce(worker: "short", queues: ["default"], for: .seconds(600), record: self.record("short")) }
        #expect(try await store.fleet.workers().map(\.name) == ["short"])
        // Its last announcement is a short one (listed first, then lapsing, would race a starved machine).
        try await queue.blocking { try $0.announce(worker: "short", queues: ["default"], for: .milliseconds(200), record: self.record("short")) }
        try await Eventually.poll("the lapsed worker leaves the list") { try await store.fleet.workers().isEmpty }
        #expect(try await queue.send(RedisCommand("EXISTS", queue.keys.worker("short"))).int == 0)
    }

    @Test func anAnnouncementWithoutARecordWritesNoFleetEntry() async throws {
        let queue = try await QueueFixture()
        let store = Store(configuration: StoreConfiguration(redis: queue.configuration), operations: queue.operations, connections: 1)
        defer { Task { await store.shutdown() } }
        try await queue.blocking { try $0.announce(worker: "plain", queues: ["default"], for: .seconds(600)) }
        #expect(try await store.fleet.workers().isEmpty)
        #expect(try await store.runs.liveWorkers(queues: ["default"]) == ["default": 1])
    }
}
