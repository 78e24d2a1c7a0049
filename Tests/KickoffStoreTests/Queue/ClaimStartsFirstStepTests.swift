import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// A worker's claim also records the run's first step as started (one script call less before the
/// step starts): the same state bytes and event a separate `record_step` would have written.
@Suite struct ClaimStartsFirstStepTests {
    @Test func theClaimStartsTheFirstStepOnlyWhenAsked() async throws {
        let fixture = try await QueueFixture()
        let asked = fixture.newRun(steps: ["first", "second"])
        let plain = fixture.newRun(steps: ["first", "second"])
        try await fixture.blocking { try $0.enqueue(asked); try $0.enqueue(plain) }

        let claimed = try #require(try await fixture.blocking { try $0.claim(worker: "host/1", lease: .seconds(30), startFirstStep: true) })
        #expect(claimed.record.id == asked.id)
        let first = try #require(claimed.record.steps.first)
        let startedAt = try #require(first.startedAt)
        #expect(first == StepState(name: "first", status: .running, startedAt: startedAt))
        #expect(claimed.record.steps.last == StepState(name: "second", status: .pending))
        let stored = try await fixture.send(RedisCommand("HGET", fixture.keys.run(asked.id), "step:first"))
        #expect(stored == .bulk(Array(first.jsonString().utf8)))
        #expect(try await fixture.eventTypes(asked.id) == ["run.queued", "run.running", "step.started"])

        let other = try #require(try await fixture.blocking { try $0.claim(worker: "host/2", lease: .seconds(30)) })
        #expect(other.record.id == plain.id)
        #expect(other.record.steps.allSatisfy { $0.status == .pending })
        #expect(try await fixture.eventTypes(plain.id) == ["run.queued", "run.running"])
    }

    /// A retried attempt starts with no log for the step it starts: an earlier attempt's log is not
    /// shown as the running step's own (the claim and record_step both drop it).
    @Test func startingAStepDropsTheLogOfAnEarlierAttempt() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun(steps: ["first", "second"])
        try await fixture.blocking { try $0.enqueue(run) }
        _ = try await fixture.send(RedisCommand("HSET", fixture.keys.logs(run.id), "first", "old attempt\n", "second", "old attempt\n"))
        let claimed = try #require(try await fixture.blocking { try $0.claim(worker: "host/1", lease: .seconds(30), startFirstStep: true) })
        #expect(try await fixture.send(RedisCommand("HEXISTS", fixture.keys.logs(run.id), "first")) == .integer(0))
        #expect(try await fixture.send(RedisCommand("HEXISTS", fixture.keys.logs(run.id), "second")) == .integer(1))
        let result = try await fixture.blocking { queue in
            try queue.recordStep(claimed, state: StepState(name: "second", status: .running, startedAt: 1), event: "step.started")
        }
        #expect(result == .ok)
        #expect(try await fixture.send(RedisCommand("HEXISTS", fixture.keys.logs(run.id), "second")) == .integer(0))
    }
}
