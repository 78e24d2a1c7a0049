import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Schedules with 3 partitions: a tick is recorded (fenced, exactly once) on the namespace's tag,
/// its run enqueued in its partition; a run a dead leader left pending is enqueued by the next round.
@Suite struct PartitionedScheduleTests {
    func withStore(_ body: (SchedulerStore, QueueFixture) async throws -> Void) async throws {
        let fixture = try await QueueFixture(partitions: 3)
        let client = RedisClient(configuration: fixture.configuration, connectionCount: 1)
        do {
            try await body(SchedulerStore(client: client, operations: fixture.operations), fixture)
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
    }

    func scheduledRun(_ fixture: QueueFixture, tick: Int64) -> NewRun {
        var run = fixture.newRun()
        run.tags = ["schedule:nightly"]
        run.origin = ScheduleOrigin(schedule: "nightly", tick: tick)
        return run
    }

    @Test func aTickFiresOnceAndItsRunIsQueuedInItsPartition() async throws {
        try await withStore { store, fixture in
            let lead = try await store.lead(token: "a", lease: .seconds(30))
            let tick: Int64 = 1_700_000_000_000
            guard case .fired(let id) = try await store.fire(token: "a", epoch: lead.epoch, schedule: "nightly", tick: tick,
                                                              run: scheduledRun(fixture, tick: tick)) else {
                Issue.record("the tick did not fire")
                return
            }
            let partition = fixture.keys.partitions.partition(ofRunID: id)
            #expect(try await fixture.send(RedisCommand("HGET", fixture.keys.partition(partition).prefix + "run:" + id, "status")).string == "queued")
            #expect(try await fixture.send(RedisCommand("HLEN", fixture.keys.schedulesPending)).int == 0)
            #expect(try await store.states(["nightly"])["nightly"]?.lastRunID == id)
            #expect(try await fixture.send(RedisCommand("LLEN", fixture.keys.partitionedSignal(queue: Pipeline.defaultQueue))).int == 1)
            // The same tick again, or another leader: nothing more.
            #expect(try await store.fire(token: "a", epoch: lead.epoch, schedule: "nightly", tick: tick, run: scheduledRun(fixture, tick: tick))
                    == .stale(lastTick: tick))
            #expect(try await store.fire(token: "b", epoch: lead.epoch, schedule: "nightly", tick: tick + 1, run: scheduledRun(fixture, tick: tick + 1))
                    == .notLeader)
            #expect(try await fixture.blocking { try $0.claim(worker: "w", lease: .seconds(30))?.record.id } == id)
        }
    }

    /// What the fire script keeps pending when its process dies before the enqueue: the next round
    /// enqueues it, once (again after an enqueue whose answer was lost, nothing happens twice).
    @Test func aRunLeftPendingIsEnqueuedByTheNextRound() async throws {
        try await withStore { store, fixture in
            var made = scheduledRun(fixture, tick: 1)
            made.id = RunID.make(partition: 2)
            let run = made
            let kept = JSONValue.array(([run.pipeline] + run.recordFields).map(JSONValue.string))
            let text = try #require(SortedJSON.string(kept))
            _ = try await fixture.send(RedisCommand("HSET", fixture.keys.schedulesPending, run.id, text))
            try await store.deliverPending()
            let record = try #require(try await fixture.blocking { try $0.run(id: run.id) })
            #expect(record.status == .queued && record.tags == ["schedule:nightly"])
            #expect(try await fixture.send(RedisCommand("HLEN", fixture.keys.schedulesPending)).int == 0)
            _ = try await fixture.send(RedisCommand("HSET", fixture.keys.schedulesPending, run.id, text))
            try await store.deliverPending()
            #expect(try await fixture.send(RedisCommand("HLEN", fixture.keys.schedulesPending)).int == 0)
            #expect(try await fixture.send(RedisCommand("ZCARD", fixture.keys.partition(2).runsIndex)).int == 1)
        }
    }
}
