import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// The scheduler's scripts against a real Redis: the lease, its fencing epoch, exactly-once ticks.
@Suite struct ScheduleFireTests {
    func withStore(_ body: (SchedulerStore, QueueFixture) async throws -> Void) async throws {
        let fixture = try await QueueFixture()
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

    @Test func oneLeaderAtATimeAndEachTakeoverIsANewEpoch() async throws {
        try await withStore { store, fixture in
            let first = try await store.lead(token: "a", lease: .seconds(30))
            #expect(first.leads && first.holder == "a")
            let other = try await store.lead(token: "b", lease: .seconds(30))
            #expect(!other.leads && other.holder == "a" && other.epoch == first.epoch)
            // Renewal keeps the epoch.
            #expect(try await store.lead(token: "a", lease: .seconds(30)).epoch == first.epoch)
            // The holder gives up (or its lease lapses): the next one leads with a higher epoch.
            try await store.resign(token: "b")  // not the holder: no effect
            #expect(try await store.lead(token: "b", lease: .seconds(30)).leads == false)
            try await store.resign(token: "a")
            let second = try await store.lead(token: "b", lease: .seconds(30))
            #expect(second.leads && second.epoch == first.epoch + 1)
        }
    }

    @Test func aTickFiresOnceOnlyForTheCurrentLeaderAndEpoch() async throws {
        try await withStore { store, fixture in
            let lead = try await store.lead(token: "a", lease: .seconds(30))
            let tick: Int64 = 1_700_000_000_000
            let run = scheduledRun(fixture, tick: tick)
            #expect(try await store.fire(token: "a", epoch: lead.epoch, schedule: "nightly", tick: tick, run: run) == .fired(runID: run.id))
            // The same tick again, even with a new run id: refused, nothing stored.
            let again = scheduledRun(fixture, tick: tick)
            #expect(try await store.fire(token: "a", epoch: lead.epoch, schedule: "nightly", tick: tick, run: again) == .stale(lastTick: tick))
            #expect(try await fixture.send(RedisCommand("EXISTS", fixture.keys.run(again.id))) == .integer(0))
            // Not the leader: refused.
            let other = scheduledRun(fixture, tick: tick + 1000)
            #expect(try await store.fire(token: "b", epoch: lead.epoch, schedule: "nightly", tick: tick + 1000, run: other) == .notLeader)
            // A leader whose lease was taken over (a new epoch) is fenced off even with its old token.
            try await store.resign(token: "a")
            let takeover = try await store.lead(token: "a", lease: .seconds(30))
            #expect(takeover.epoch == lead.epoch + 1)
            #expect(try await store.fire(token: "a", epoch: lead.epoch, schedule: "nightly", tick: tick + 1000, run: other) == .notLeader)
            #expect(try await fixture.send(RedisCommand("EXISTS", fixture.keys.run(other.id))) == .integer(0))
            // Skipping records the tick without a run.
            #expect(try await store.fire(token: "a", epoch: takeover.epoch, schedule: "nightly", tick: tick + 2000, run: nil) == .skipped)

            let record = try #require(try await fixture.blocking { try $0.run(id: run.id) })
            #expect(record.status == .queued)
            #expect(record.tags == ["schedule:nightly"])
            let fields = try await fixture.send(RedisCommand("HGETALL", fixture.keys.run(run.id))).hashFields
            #expect(fields["schedule"] == "nightly" && fields["schedule_tick"] == String(tick) && fields["schedule_misfire"] == "0")
            let state = try #require(try await store.states(["nightly"])["nightly"])
            #expect(state.lastTick == tick + 2000)
            #expect(state.lastFiredTick == tick && state.lastRunID == run.id && state.fired == 1 && state.skipped == 1)
            #expect(try await fixture.send(RedisCommand("LRANGE", fixture.keys.queued(queue: "default", priority: .normal, group: ""), 0, -1)) == .array([.bulk(Array(run.id.utf8))]))
        }
    }
}
