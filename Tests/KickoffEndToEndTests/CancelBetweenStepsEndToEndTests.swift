import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// A cancel that arrives while a step runs, with real worker processes whose heartbeat is far off:
/// the step ends on its own before any heartbeat could stop it, so what decides is `record_step`
/// refusing the next step (issue 19), not the heartbeat.
@Suite struct CancelBetweenStepsEndToEndTests {
    /// No heartbeat within the test: the cancel reaches the worker only through the step-start refusal.
    static let farHeartbeat = ["--lease", "120s", "--heartbeat", "60s"]

    @Test func aCancelDuringAStepStartsNoFurtherStepAndEndsTheRunCanceled() async throws {
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          two:
            env: {SHARED: "$SHARED"}
            steps:
              first: {run: [python3, step.py, block]}
              second: {run: [python3, step.py, mark], after: [first]}
        """)
        let run = try await fixture.enqueue("two")
        try fixture.startWorker("w1", extra: Self.farHeartbeat)
        try await fixture.waitForBlockingStep(run.id)
        #expect(try await fixture.queue.blocking { try $0.cancel(id: run.id) } == .cancelRequested)
        fixture.releaseBlockingSteps()

        let record = try await fixture.waitUntilFinished(run.id)
        #expect(record.status == .canceled, "\(fixture.workerLogs())")
        #expect(record.cancelRequested)
        // The step that ran is kept as it ended; the next one never started.
        #expect(record.steps.map(\.status) == [.succeeded, .canceled])
        #expect(record.steps[1].startedAt == nil)
        #expect(record.error == RunError(step: "second", message: "canceled"))
        #expect(!FileManager.default.fileExists(atPath: fixture.shared.appendingPathComponent("\(run.id)-second.ran").path))
        let events = try await fixture.queue.eventTypes(run.id)
        #expect(events == ["run.queued", "run.running", "step.started", "run.cancel_requested", "step.succeeded", "run.canceled"])
    }

    /// The cancel came too late: the last step succeeded before the worker could stop it, so the run
    /// succeeded (its outputs kept) and says that a cancel was requested.
    @Test func aRunWhoseLastStepSucceedsAfterItsCancelWasRequestedSucceeds() async throws {
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          one:
            env: {SHARED: "$SHARED"}
            steps:
              only: {run: [python3, step.py, block]}
        """)
        let run = try await fixture.enqueue("one")
        try fixture.startWorker("w1", extra: Self.farHeartbeat)
        try await fixture.waitForBlockingStep(run.id)
        #expect(try await fixture.queue.blocking { try $0.cancel(id: run.id) } == .cancelRequested)
        fixture.releaseBlockingSteps()

        let record = try await fixture.waitUntilFinished(run.id)
        #expect(record.status == .succeeded, "\(fixture.workerLogs())")
        #expect(record.cancelRequested)
        #expect(record.steps.map(\.status) == [.succeeded])
        #expect(record.outputs?.objectValue?["attempt"] == .integer(1))
        #expect(try await fixture.queue.eventTypes(run.id).suffix(2) == ["step.succeeded", "run.succeeded"])
    }
}
