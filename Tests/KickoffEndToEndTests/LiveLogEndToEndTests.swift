import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// A running step's log, readable while it runs: a real worker process, a real step process.
@Suite struct LiveLogEndToEndTests {
    @Test func aRunningStepsOutputIsStoredBeforeTheStepEndsAndTheFinalLogReplacesIt() async throws {
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          slow:
            env: {SHARED: "$SHARED"}
            steps:
              work: {run: [python3, step.py, progress]}
        """)
        let run = try await fixture.enqueue("slow")
        try fixture.startWorker("w1")
        let logs = fixture.queue.keys.logs(run.id)
        // The step prints a line, then waits for a file that only this test creates.
        try await Eventually.poll("the step's first line is stored while it runs", deadline: .seconds(60)) {
            try await fixture.queue.send(RedisCommand("HGET", logs, "work")).string == "working on work\n"
        }
        let during = try #require(try await fixture.record(run.id))
        #expect(during.status == .running)
        #expect(during.steps.map(\.status) == [.running])
        try Data().write(to: fixture.shared.appendingPathComponent("go"))
        let record = try await fixture.waitUntilFinished(run.id)
        #expect(record.status == .succeeded, "\(fixture.workerLogs())")
        #expect(try await fixture.queue.runLogs(run.id)["work"] == "working on work\ndone with work\n")
    }
}
