import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// A run whose cancel was requested starts no further step: `record_step` refuses its `step.started`
/// (issue 19), whenever the worker's next heartbeat is due. What already ran is still recorded.
@Suite struct CancelBetweenStepsTests {
    @Test func recordStepRefusesToStartAStepOfARunWhoseCancelWasRequested() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun(steps: ["first", "second"])
        try await fixture.blocking { try $0.enqueue(run) }
        let claimed = try #require(try await fixture.blocking { try $0.claim(worker: "w", lease: .seconds(30), startFirstStep: true) })
        #expect(try await fixture.blocking { try $0.cancel(id: run.id) } == .cancelRequested)

        // The running step's end is kept.
        let succeeded = StepState(name: "first", status: .succeeded, startedAt: 1, finishedAt: 2, exitCode: 0)
        #expect(try await fixture.blocking { try $0.recordStep(claimed, state: succeeded, event: "step.succeeded") } == .ok)
        // The next step is refused, and nothing of it is written.
        let starting = StepState(name: "second", status: .running, startedAt: 3)
        #expect(try await fixture.blocking { try $0.recordStep(claimed, state: starting, event: "step.started") } == .canceled)
        let record = try #require(try await fixture.blocking { try $0.run(id: run.id) })
        #expect(record.status == .running)
        #expect(record.steps.map(\.status) == [.succeeded, .pending])
        #expect(try await fixture.eventTypes(run.id) == ["run.queued", "run.running", "step.started", "run.cancel_requested", "step.succeeded"])

        // The worker then ends the run as a heartbeat's cancel would.
        let canceled = StepState(name: "second", status: .canceled, finishedAt: 4)
        #expect(try await fixture.blocking {
            try $0.finish(claimed, status: .canceled, outputs: nil, error: RunError(step: "second", message: "canceled"), steps: [canceled])
        } == .ok)
        #expect(try await fixture.blocking { try $0.run(id: run.id) }?.status == .canceled)
        #expect(try await fixture.eventTypes(run.id).last == "run.canceled")
    }

    @Test func withoutACancelAStepStartsAndAStaleTokenIsStillStale() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun(steps: ["first", "second"])
        try await fixture.blocking { try $0.enqueue(run) }
        let claimed = try #require(try await fixture.blocking { try $0.claim(worker: "w", lease: .seconds(30), startFirstStep: true) })
        let starting = StepState(name: "second", status: .running, startedAt: 3)
        #expect(try await fixture.blocking { try $0.recordStep(claimed, state: starting, event: "step.started") } == .ok)

        // A worker that lost the run learns that it lost it, cancel or not.
        #expect(try await fixture.blocking { try $0.cancel(id: run.id) } == .cancelRequested)
        let lost = ClaimedRun(record: claimed.record, token: "not-the-token")
        #expect(try await fixture.blocking { try $0.recordStep(lost, state: starting, event: "step.started") } == .stale)
    }
}
