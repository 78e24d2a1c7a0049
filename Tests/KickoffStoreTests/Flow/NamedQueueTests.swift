import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Named queues, the pipelines a worker holds, and runs queued before named queues existed.
@Suite struct NamedQueueTests {
    @Test func aWorkerClaimsOnlyFromTheQueuesItServes() async throws {
        let fixture = try await QueueFixture()
        let gpu = fixture.flowRun(queue: "gpu")
        let plain = fixture.flowRun()
        for run in [gpu, plain] { try await fixture.blocking { try $0.enqueue(run) } }
        let first = try await fixture.claim(["gpu"])
        #expect(first?.record.id == gpu.id)
        #expect(first?.record.queue == "gpu")
        // The default run is not the gpu worker's.
        #expect(try await fixture.claim(["gpu"]) == nil)
        #expect(try await fixture.blocking { try $0.run(id: plain.id) }?.status == .queued)
        #expect(try await fixture.claim(["gpu", "default"])?.record.id == plain.id)
    }

    @Test func aRunOfAPipelineTheWorkerLacksWaitsForAWorkerThatHasIt() async throws {
        let fixture = try await QueueFixture()
        let other = fixture.flowRun(pipeline: "other")
        let mine = fixture.flowRun(pipeline: "demo")
        for run in [other, mine] { try await fixture.blocking { try $0.enqueue(run) } }
        // Passed over, not failed: the run of `other` keeps its place.
        #expect(try await fixture.claim(pipelines: ["demo"])?.record.id == mine.id)
        #expect(try await fixture.claim(pipelines: ["demo"]) == nil)
        #expect(try await fixture.blocking { try $0.run(id: other.id) }?.status == .queued)
        #expect(try await fixture.claim(pipelines: ["other", "demo"])?.record.id == other.id)
    }

    @Test func weightsDecideWhichQueueIsLookedAtFirst() throws {
        let selection = QueueSelection([.init(name: "gpu", weight: 3), .init(name: "default", weight: 1)])
        let firsts = (0..<8).map { selection.order(turn: $0).first ?? "" }
        #expect(firsts == ["gpu", "gpu", "gpu", "default", "gpu", "gpu", "gpu", "default"])
        #expect(selection.order(turn: 3) == ["default", "gpu"])
        #expect(try QueueSelection.parse("gpu:3,default").get() == selection)
        #expect(throws: QueueSelectionError.self) { try QueueSelection.parse("gpu:0").get() }
        #expect(throws: QueueSelectionError.self) { try QueueSelection.parse("a b").get() }
    }

    @Test func idleWorkersOfAQueueAreWokenByItsOwnSignal() async throws {
        let fixture = try await QueueFixture()
        try await fixture.blocking { try $0.enqueue(fixture.flowRun(queue: "gpu")) }
        let tokens = try await fixture.blocking { queue in
            try queue.connection.pipeline([RedisCommand("LLEN", queue.operations.keys.signal(queue: "gpu")),
                                           RedisCommand("LLEN", queue.operations.keys.signal(queue: "default"))])
        }
        #expect(tokens == [.integer(1), .integer(0)])
        let woken = try await fixture.blocking { try $0.waitForWork(worker: "w", timeout: .seconds(5), queues: ["gpu"]) }
        #expect(woken)
    }

    @Test func runsQueuedBeforeNamedQueuesAreMovedInLineFirst() async throws {
        let fixture = try await QueueFixture()
        let old = fixture.flowRun()
        let new = fixture.flowRun()
        for run in [old, new] { try await fixture.blocking { try $0.enqueue(run) } }
        // The old layout: the id in the priority's list, no queue or fairness field on the record.
        let keys = fixture.keys
        _ = try await fixture.send(RedisCommand("LREM", keys.queued(queue: "default", priority: .normal, group: ""), 0, old.id))
        _ = try await fixture.send(RedisCommand("HDEL", keys.run(old.id), "queue", "fairness"))
        _ = try await fixture.send(RedisCommand("RPUSH", keys.queue(.normal), old.id))
        try await fixture.blocking { _ = try $0.maintain() }
        #expect(try await fixture.send(RedisCommand("LLEN", keys.queue(.normal))).int == 0)
        #expect(try await fixture.claim()?.record.id == old.id)
        #expect(try await fixture.claim()?.record.id == new.id)
    }
}
