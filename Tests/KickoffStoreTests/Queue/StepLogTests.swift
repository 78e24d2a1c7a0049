import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// `step_log`: a running step's log so far. Only the attempt holding the token writes it, only
/// while the step runs, and the step's final record stays the source of truth.
@Suite struct StepLogTests {
    private func log(_ fixture: QueueFixture, _ id: String, _ step: String) async throws -> String? {
        try await fixture.runLogs(id)[step]
    }

    @Test func aRunningStepsLogIsReplacedByEachTailAndThenByTheFinalLog() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun(steps: ["a", "b"])
        try await fixture.blocking { try $0.enqueue(run) }
        let claimed = try #require(try await fixture.blocking { try $0.claim(worker: "host/1", lease: .seconds(30)) })
        try await fixture.blocking { queue in
            _ = try queue.recordStep(claimed, state: StepState(name: "a", status: .running, startedAt: 1), event: "step.started")
        }
        #expect(try await fixture.blocking { try $0.stepLog(claimed, step: "a", log: "one\n") } == .ok)
        #expect(try await log(fixture, run.id, "a") == "one\n")
        // Each tail replaces the last one: what Redis holds stays one capped copy.
        #expect(try await fixture.blocking { try $0.stepLog(claimed, step: "a", log: "one\ntwo\n") } == .ok)
        #expect(try await log(fixture, run.id, "a") == "one\ntwo\n")
        // A step that has not started (no state) or has ended keeps what its final record wrote.
        #expect(try await fixture.blocking { try $0.stepLog(claimed, step: "b", log: "early") } == .notRunning)
        #expect(try await log(fixture, run.id, "b") == nil)
        try await fixture.blocking { queue in
            _ = try queue.recordStep(claimed, state: StepState(name: "a", status: .succeeded, startedAt: 1, finishedAt: 2, exitCode: 0),
                                     event: "step.succeeded", log: "one\ntwo\nthree\n")
        }
        // A tail read before the step ended but arriving after its final record is dropped.
        #expect(try await fixture.blocking { try $0.stepLog(claimed, step: "a", log: "one\ntwo\n") } == .notRunning)
        #expect(try await log(fixture, run.id, "a") == "one\ntwo\nthree\n")
        // No event for a tail: it is not a state change.
        #expect(try await fixture.eventTypes(run.id) == ["run.queued", "run.running", "step.started", "step.succeeded"])
    }

    @Test func aStaleAttemptCannotWriteTheLogsOfTheAttemptThatHoldsTheRun() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun(steps: ["a"], maxAttempts: 2)
        try await fixture.blocking { try $0.enqueue(run) }
        let lost = try #require(try await fixture.blocking { try $0.claim(worker: "dead/1", lease: .milliseconds(30)) })
        try await fixture.blocking { queue in
            _ = try queue.recordStep(lost, state: StepState(name: "a", status: .running, startedAt: 1), event: "step.started")
        }
        try await Eventually.poll("the run is reclaimed") {
            try await fixture.blocking { try $0.maintain().reclaimed } == 1
        }
        let taken = try #require(try await fixture.blocking { try $0.claim(worker: "alive/2", lease: .seconds(30)) })
        try await fixture.blocking { queue in
            _ = try queue.recordStep(taken, state: StepState(name: "a", status: .running, startedAt: 3), event: "step.started")
        }
        #expect(try await fixture.blocking { try $0.stepLog(taken, step: "a", log: "attempt 2\n") } == .ok)
        // The first attempt's worker still runs its step and sends its tail: refused, nothing changes.
        #expect(try await fixture.blocking { try $0.stepLog(lost, step: "a", log: "attempt 1\n") } == .stale)
        #expect(try await log(fixture, run.id, "a") == "attempt 2\n")
        // And after the run has ended, not even its own token writes any more.
        #expect(try await fixture.blocking { try $0.finish(taken, status: .failed, outputs: nil, error: nil) } == .ok)
        #expect(try await fixture.blocking { try $0.stepLog(taken, step: "a", log: "late\n") } == .stale)
        #expect(try await log(fixture, run.id, "a") == "attempt 2\n")
    }
}
