import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// A run's last step is recorded by `finish` itself (one script call less per run): its state, its
/// logs and its event land exactly as a separate `record_step` would have written them.
@Suite struct FinishWithLastStepTests {
    @Test func finishRecordsTheLastStepItsLogsAndItsEventFirst() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun(steps: ["only"])
        try await fixture.blocking { try $0.enqueue(run) }
        let ended = StepState(name: "only", status: .succeeded, startedAt: 1, finishedAt: 2, exitCode: 0, output: .object(["n": .integer(1)]))
        let result = try await fixture.blocking { queue in
            let claimed = try #require(try queue.claim(worker: "host/1", lease: .seconds(30)))
            _ = try queue.recordStep(claimed, state: StepState(name: "only", status: .running, startedAt: 1), event: "step.started")
            return try queue.finish(claimed, status: .succeeded, outputs: .object(["n": .integer(1)]), error: nil,
                                    ended: EndedStep(state: ended, event: "step.succeeded", log: "out\n"))
        }
        #expect(result == .ok)
        let record = try #require(try await fixture.blocking { try $0.run(id: run.id) })
        #expect(record.status == .succeeded)
        #expect(record.steps == [ended])
        #expect(try await fixture.runLogs(run.id)["only"] == "out\n")
        #expect(try await fixture.eventTypes(run.id) == ["run.queued", "run.running", "step.started", "step.succeeded", "run.succeeded"])
    }

    @Test func aStaleFinishRecordsNothingOfTheStep() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun(steps: ["only"])
        try await fixture.blocking { try $0.enqueue(run) }
        let result = try await fixture.blocking { queue in
            let claimed = try #require(try queue.claim(worker: "host/1", lease: .seconds(30)))
            let stale = ClaimedRun(record: claimed.record, token: "not-the-token")
            return try queue.finish(stale, status: .succeeded, outputs: nil, error: nil,
                                    ended: EndedStep(state: StepState(name: "only", status: .succeeded), event: "step.succeeded", log: "x"))
        }
        #expect(result == .stale)
        #expect(try await fixture.send(RedisCommand("HEXISTS", fixture.keys.logs(run.id), "only")) == .integer(0))
        #expect(try await fixture.eventTypes(run.id) == ["run.queued", "run.running"])
    }
}
