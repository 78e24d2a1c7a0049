import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// A pool's worker that dies holding the maintainer lease (#18): the pool frees the lease when it
/// reaps the worker, another worker is elected at its next presence call, and the dead worker's run
/// is reclaimed and finished. Without that, nobody reclaimed expired leases until the dead
/// maintainer's lease ran out (scripts/chaos: p99 recovery 8 s instead of 3.4 s).
@Suite struct PoolMaintainerEndToEndTests {
    @Test func thePoolFreesADeadMaintainersLeaseAndItsRunIsTakenOverAndFinished() async throws {
        let fixture = try await WorkerFixture(pipelines: WorkerFixture.blockingPipeline)
        let runs = [try await fixture.enqueue("long"), try await fixture.enqueue("long")]
        let pool = try fixture.startPool(workers: 2)
        let orphan = try await fixture.waitForBlockingStep(runs[0].id)
        try await fixture.waitForBlockingStep(runs[1].id)
        // Both workers are busy; the victim is the first run's (its name is host/pid).
        let victim = try #require(try await fixture.record(runs[0].id)?.worker)
        let victimPID = try #require(victim.split(separator: "/").last.flatMap { Int32($0) })

        // Make the victim the maintainer, with a lease far longer than the test: only the pool's
        // release can free it, so a new holder proves the release (no timing involved). The token
        // is shaped as the workers make theirs (`name#unique@host/pid`).
        let key = fixture.queue.keys.maintainer
        let token = "\(victim)#test@\(ProcessInfo.processInfo.hostName)/\(victimPID)"
        _ = try await fixture.queue.send(RedisCommand("SET", key, token, "PX", 600_000))
        kill(victimPID, SIGKILL)

        try await Eventually.poll("the pool freed the dead worker's maintainer lease", deadline: .seconds(60)) {
            try await fixture.queue.send(RedisCommand("GET", key)).string != token
        }
        // A live worker is elected; as maintainer it reclaims the dead worker's run, which runs again.
        let rescued = try await fixture.waitForBlockingStep(runs[0].id, attempt: 1, not: orphan)
        #expect(rescued != orphan)
        fixture.releaseBlockingSteps()
        for run in runs {
            let record = try await fixture.waitUntilFinished(run.id)
            #expect(record.status == .succeeded, "\(fixture.workerLogs())")
        }
        let holder = try await fixture.queue.send(RedisCommand("GET", key)).string
        #expect(holder.map { !$0.hasSuffix("/\(victimPID)") } ?? true)
        #expect(pool.output.contains("freed the maintainer lease of a dead worker"))

        pool.signal(SIGTERM)
        #expect(try await pool.waitForExit() == 0, "\(pool.output)")
    }
}
