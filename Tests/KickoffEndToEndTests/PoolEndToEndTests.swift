import Foundation
import KickoffModel
import KickoffTestSupport
import RedisClient
import Testing

/// `kickoff pool` with real workers: a killed worker is replaced, SIGTERM drains, nothing is lost.
@Suite struct PoolEndToEndTests {
    @Test func aPoolReplacesAKilledWorkerAndDrainsWithoutLosingARun() async throws {
        let fixture = try await WorkerFixture(pipelines: WorkerFixture.blockingPipeline)
        let runs = [try await fixture.enqueue("long"), try await fixture.enqueue("long"), try await fixture.enqueue("long")]
        let pool = try fixture.startPool(workers: 3, extra: ["--drain-grace", "300ms"])
        let pidFile: @Sendable (NewRun, Int) -> String = { run, attempt in fixture.blockingStepPIDFile(run.id, attempt: attempt).path }
        try await Eventually.poll("each of the 3 workers runs one run") {
            runs.allSatisfy { FileManager.default.fileExists(atPath: pidFile($0, 1)) }
        }

        // kill -9 the worker of the first run (its name is host/pid).
        let victim = try #require(try await fixture.record(runs[0].id)?.worker)
        let victimPID = try #require(victim.split(separator: "/").last.flatMap { Int32($0) })
        let orphan = try #require(Int32((try? String(contentsOfFile: pidFile(runs[0], 1), encoding: .utf8)) ?? ""))
        kill(victimPID, SIGKILL)
        // Regression (seen while building scripts/chaos): the dead worker's step ran on, beside the attempt that
        // took its run over. The pool, its subreaper, kills it.
        try await Eventually.poll("the pool kills the step the dead worker left running") { ProcessLiveness.isGone(orphan) }
        // The two other workers are busy: only a replacement worker can pick the run up again.
        // A lost worker costs no attempt: the first run's step runs again in attempt 1.
        let rescued = try await fixture.waitForBlockingStep(runs[0].id, attempt: 1, not: orphan)
        let rescuer = try #require(try await fixture.record(runs[0].id)?.worker)
        #expect(rescuer != victim)

        // SIGTERM: every worker hands its run back, the pool exits 0.
        pool.signal(SIGTERM)
        #expect(try await pool.waitForExit() == 0, "\(pool.output)")
        for run in runs {
            let record = try #require(try await fixture.record(run.id))
            #expect(record.status == .queued, "run \(run.id) is \(record.status) after the drain")
        }
        for run in runs {
            if let step = Int32((try? String(contentsOfFile: pidFile(run, 1), encoding: .utf8)) ?? "") {
                try await Eventually.poll("step \(step) stopped by the drain") { ProcessLiveness.isGone(step) }
            }
        }
        try await Eventually.poll("the rescued step \(rescued) stopped by the drain") { ProcessLiveness.isGone(rescued) }

        // Nothing was lost: a new worker finishes all three.
        fixture.releaseBlockingSteps()
        try fixture.startWorker("after")
        for run in runs {
            #expect(try await fixture.waitUntilFinished(run.id).status == .succeeded)
        }
    }

    /// A pool killed with SIGKILL (no chance to stop its workers): each worker gets SIGTERM from the
    /// kernel, drains and exits, and hands its run back, instead of running on as an orphan.
    @Test func theWorkersOfAKilledPoolDrainAndExit() async throws {
        let fixture = try await WorkerFixture(pipelines: WorkerFixture.blockingPipeline)
        let run = try await fixture.enqueue("long")
        let pool = try fixture.startPool(workers: 2, extra: ["--drain-grace", "300ms"])
        try await fixture.waitForBlockingStep(run.id)
        let workers = DevCommandTests.children(of: pool.pid)
        #expect(workers.count == 2)
        pool.signal(SIGKILL)
        try await Eventually.poll("both workers of the killed pool exit", deadline: .seconds(30)) {
            workers.allSatisfy { ProcessLiveness.isGone($0) }
        }
        #expect(try #require(try await fixture.record(run.id)).status == .queued)
    }
}
