import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// With 3 partitions on one Redis, every call that puts a run in line leaves one wake-up token on
/// the namespace's list of the run's queue, where idle workers wait (`WakeReporting`), and answers
/// as with one partition; a call that puts none leaves none. (With real workers asleep for 10
/// minutes: `PartitionWakeEndToEndTests`.)
@Suite struct PartitionWakeTests {
    static func tokens(_ fixture: QueueFixture, queue: String = Pipeline.defaultQueue) async throws -> Int64 {
        try await fixture.send(RedisCommand("LLEN", fixture.keys.partitionedSignal(queue: queue))).int ?? -1
    }

    static func placed(_ run: NewRun, _ fixture: QueueFixture) -> NewRun { run.placed(in: fixture.keys.partitions) }

    @Test func aHandBackAndARetryWithoutBackoffWakeTheirQueue() async throws {
        let fixture = try await QueueFixture(partitions: 3)
        for queue in ["gpu", "cpu"] {
            let run = Self.placed(fixture.flowRun(queue: queue), fixture)
            try await fixture.blocking { try $0.enqueue(run) }  // the queue's own enqueue: no token (the front's call adds one)
        }
        #expect(try await Self.tokens(fixture, queue: "gpu") == 0)
        let released = try await fixture.blocking { queue in
            let claimed = try #require(try queue.claim(worker: "w", lease: .seconds(30), queues: ["gpu"]))
            return try queue.release(claimed)
        }
        #expect(released == .ok)
        #expect(try await Self.tokens(fixture, queue: "gpu") == 1)
        #expect(try await Self.tokens(fixture, queue: "cpu") == 0)
        let retried = try await fixture.blocking { queue in
            let claimed = try #require(try queue.claim(worker: "w", lease: .seconds(30), queues: ["cpu"]))
            return try queue.failAttempt(claimed, error: RunError(message: "boom"), backoff: .zero)
        }
        // One attempt allowed: failed, nothing in line, no token.
        #expect(retried == .failed)
        #expect(try await Self.tokens(fixture, queue: "cpu") == 0)
        var thrice = Self.placed(fixture.flowRun(queue: "cpu"), fixture)
        thrice.maxAttempts = 3
        let again = thrice
        try await fixture.blocking { try $0.enqueue(again) }
        let retrying = try await fixture.blocking { queue in
            let claimed = try #require(try queue.claim(worker: "w", lease: .seconds(30), queues: ["cpu"]))
            return try queue.failAttempt(claimed, error: RunError(message: "boom"), backoff: .zero)
        }
        #expect(retrying == .retrying)
        #expect(try await Self.tokens(fixture, queue: "cpu") == 1)
        // With a backoff the run waits in the delayed set: no token until it is due.
        let delayed = try await fixture.blocking { queue in
            let claimed = try #require(try queue.claim(worker: "w", lease: .seconds(30), queues: ["cpu"]))
            return try queue.failAttempt(claimed, error: RunError(message: "boom"), backoff: .seconds(60))
        }
        #expect(delayed == .retrying)
        #expect(try await Self.tokens(fixture, queue: "cpu") == 1)
    }

    @Test func aSlotFreedByAnEndOrACancelWakesTheRunWaitingForIt() async throws {
        let fixture = try await QueueFixture(partitions: 3)
        let runs = (0..<3).map { _ in Self.placed(fixture.flowRun(model: "m"), fixture) }
        for run in runs { try await fixture.blocking { try $0.enqueue(run) } }
        #expect(try await Self.tokens(fixture) == 0)
        // The first holds the slot; the end of an attempt that holds it lets the second in line.
        let claimed = try #require(try await fixture.claim())
        #expect(claimed.record.id == runs[0].id)
        try await fixture.succeed(claimed)
        #expect(try await Self.tokens(fixture) == 1)
        // The second, queued, holds it now: its cancel lets the third in line.
        let store = RunStore(client: RedisClient(configuration: fixture.configuration, connectionCount: 1), operations: fixture.operations)
        #expect(try await store.cancel(id: runs[1].id) == .canceled)
        #expect(try await Self.tokens(fixture) == 2)
        #expect(try await fixture.claim()?.record.id == runs[2].id)
        // A cancel that frees nothing wakes nobody.
        let lone = Self.placed(fixture.flowRun(), fixture)
        try await fixture.blocking { try $0.enqueue(lone) }
        let before = try await Self.tokens(fixture)
        #expect(try await store.cancel(id: lone.id) == .canceled)
        #expect(try await Self.tokens(fixture) == before)
    }

    /// The maintainer's first call of a round (it renews the lease) maintains partition 0: what it
    /// promotes there wakes a worker too.
    @Test func aRunDueInPartitionZeroWakesAnIdleWorker() async throws {
        let fixture = try await QueueFixture(partitions: 3)
        var run = fixture.newRun(steps: ["a"], delay: .milliseconds(1))
        run.id = RunID.make(partition: 0)
        let due = run
        try await fixture.blocking { try $0.enqueue(due) }
        try await Eventually.poll("the delayed run is due and promoted", deadline: .seconds(10)) {
            try await fixture.blocking { try $0.maintain(asMaintainer: "m", lease: .seconds(5)).promoted } == 1
        }
        #expect(try await Self.tokens(fixture) == 1)
    }
}
