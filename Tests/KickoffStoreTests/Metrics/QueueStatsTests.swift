import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// The figures `/metrics` reads from Redis at scrape time, and the queue times behind queue wait.
@Suite struct QueueStatsTests {
    @Test func depthOldestAgeScheduledAndRunningComeFromOneScript() async throws {
        let fixture = try await QueueFixture()
        let client = RedisClient(configuration: fixture.configuration, connectionCount: 1)
        defer { Task { await client.shutdown() } }
        let store = RunStore(client: client, operations: fixture.operations)

        let empty = try await store.queueStats()
        #expect(empty.queues[.normal] == QueueStats.Queue(length: 0, oldestAge: nil))
        #expect(empty.scheduled == 0 && empty.running == 0)

        let first = fixture.newRun()
        for run in [first, fixture.newRun(), fixture.newRun(priority: .high), fixture.newRun(delay: .seconds(600))] {
            try await fixture.blocking { try $0.enqueue(run) }
        }
        let stats = try await store.queueStats()
        #expect(stats.queues[.normal]?.length == 2)
        #expect(stats.queues[.high]?.length == 1)
        #expect(stats.queues[.low] == QueueStats.Queue(length: 0, oldestAge: nil))
        #expect(stats.queues[.normal]?.oldestAge != nil)
        #expect(stats.scheduled == 1)

        // A claim takes the high one; a cancel takes the first normal one out of its queue.
        let high = try #require(try await fixture.blocking { try $0.claim(worker: "w", lease: .seconds(30)) })
        #expect(high.record.priority == .high)
        #expect(try await fixture.blocking { try $0.cancel(id: first.id) } == .canceled)
        let after = try await store.queueStats()
        #expect(after.running == 1)
        #expect(after.queues[.high] == QueueStats.Queue(length: 0, oldestAge: nil))
        #expect(after.queues[.normal]?.length == 1)
        #expect(after.queues[.normal]?.oldestAge != nil)
    }

    @Test func aClaimedRunKnowsWhenItWasQueued() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun(maxAttempts: 2)
        try await fixture.blocking { try $0.enqueue(run) }
        let claimed = try #require(try await fixture.blocking { try $0.claim(worker: "w", lease: .seconds(30)) })
        let queuedAt = try #require(claimed.record.queuedAt)
        #expect(queuedAt == claimed.record.createdAt)
        #expect(try #require(claimed.record.startedAt) >= queuedAt)
        // A retry without backoff enters the queue again: a later queued_at.
        #expect(try await fixture.blocking { try $0.failAttempt(claimed, error: RunError(message: "x"), backoff: .zero) } == .retrying)
        let again = try #require(try await fixture.blocking { try $0.claim(worker: "w", lease: .seconds(30)) })
        let firstClaim = try #require(claimed.record.startedAt)
        #expect(try #require(again.record.queuedAt) >= firstClaim)
    }
}
