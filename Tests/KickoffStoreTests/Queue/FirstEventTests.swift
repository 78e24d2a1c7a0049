import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// A queued run has no event stream of its own (it would cost most of the run's Redis memory); its
/// first event is made up by the readers until the second one stores both, with the same id and data.
@Suite struct FirstEventTests {
    @Test func aQueuedRunHasNoStreamYetAndReadsAsQueued() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun()
        try await fixture.blocking { try $0.enqueue(run) }
        #expect(try await fixture.send(RedisCommand("EXISTS", fixture.keys.events(run.id))) == .integer(0))
        let record = try #require(try await fixture.blocking { try $0.run(id: run.id) })

        let client = RedisClient(configuration: fixture.configuration, connectionCount: 1)
        let store = RunStore(client: client, operations: fixture.operations)
        let before = try await store.events(id: run.id)
        #expect(before.map(\.id) == ["\(record.createdAt)-0"])
        #expect(before.map(\.type) == ["run.queued"])
        #expect(try await store.events(id: run.id, after: "\(record.createdAt)-0").isEmpty)

        // The second event stores the first one too, exactly as it was read before.
        try await fixture.blocking { _ = try $0.claim(worker: "host/1", lease: .seconds(30)) }
        let after = try await store.events(id: run.id)
        #expect(after.first == before.first)
        #expect(after.map(\.type) == ["run.queued", "run.running"])
        #expect(try await store.events(id: run.id, after: before[0].id).map(\.type) == ["run.running"])
        await client.shutdown()
    }

    @Test func aDelayedRunsFirstEventIsScheduled() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun(delay: .seconds(600))
        try await fixture.blocking { try $0.enqueue(run) }
        #expect(try await fixture.eventTypes(run.id) == ["run.scheduled"])
        _ = try await fixture.blocking { try $0.cancel(id: run.id) }
        #expect(try await fixture.eventTypes(run.id) == ["run.scheduled", "run.canceled"])
    }

    @Test func anUnknownRunHasNoEvents() async throws {
        let fixture = try await QueueFixture()
        #expect(try await fixture.eventTypes("01900000-0000-7000-8000-000000000000").isEmpty)
    }
}
