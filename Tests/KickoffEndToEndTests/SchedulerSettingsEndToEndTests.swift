import Foundation
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// `--scheduler-lease` / `KICKOFF_SCHEDULER_LEASE` and `--misfire-grace` / `KICKOFF_MISFIRE_GRACE` in
/// real `kickoff serve` and `kickoff worker` processes.
@Suite(.serialized) struct SchedulerSettingsEndToEndTests {
    static let hourly = """
        pipelines:
          nightly:
            steps: {s: {run: [python3, step.py, emit]}}
            schedules:
              - {every: 1h, name: hourly, misfire: skip}
        """

    @Test func eachProcessLeadsWithTheLeaseItIsGivenAndAShortOneIsTakenOverSoon() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.hourly)
        let front = try await fixture.startFront(["--scheduler-lease", "1s"])
        let frontOwner = "/\(front.process.pid)"
        // The front leads with the 1 s it was given: with the default 5 s, the lease left never gets this low.
        try await Eventually.poll("the front leads with a lease of 1 s") {
            let (owner, left) = try await fixture.schedulerLeader()
            return owner?.hasSuffix(frontOwner) == true && (1...1000).contains(left)
        }

        // A worker with a 10-minute lease stands by, and takes over once the killed front's 1 s lapses.
        let worker = try fixture.startWorker("sched-long", environment: ["KICKOFF_SCHEDULER_LEASE": "10m", "KICKOFF_MISFIRE_GRACE": "11m"])
        front.process.signal(SIGKILL)
        _ = try await front.process.waitForExit()
        // It holds the lead for its own 10 minutes (never more than 5 s left with the default): were it
        // killed now, nobody could lead before they pass.
        try await Eventually.poll("the worker leads with a lease of 10 minutes", deadline: .seconds(30)) {
            let (owner, left) = try await fixture.schedulerLeader()
            return owner == "sched-long" && left > 5000 && left <= 600_000
        }
        worker.signal(SIGTERM)
        #expect(try await worker.waitForExit() == 0, "\(fixture.workerLogs())")
        #expect(try await fixture.schedulerLeader().owner == nil)
    }

    @Test func withALongerGraceLateTicksFireEachOnceInsteadOfBeingSkipped() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.hourly)
        let hour: Int64 = 3_600_000
        let currentHour = try await fixture.redisNow() / hour * hour
        // As if every scheduler had been down for three hours: with the 60 s grace, `skip` would fire nothing.
        _ = try await fixture.queue.send(RedisCommand("HSET", fixture.queue.keys.schedule("hourly"), "last_tick", currentHour - 3 * hour))
        let front = try await fixture.startFront(environment: ["KICKOFF_MISFIRE_GRACE": "6h"])
        try await Eventually.poll("the missed ticks are handled") {
            let state = try await fixture.queue.send(RedisCommand("HGETALL", fixture.queue.keys.schedule("hourly"))).hashFields
            return (state["last_tick"].flatMap { Int64($0) } ?? 0) >= currentHour
        }
        let runs = try await fixture.storedRuns()
        let ticks = runs.compactMap { $0["schedule_tick"].flatMap { Int64($0) } }.sorted()
        // Each hour since the last handled tick has its own run, none of them a misfire.
        #expect(ticks.first == currentHour - 2 * hour && ticks.count >= 3, "ticks \(ticks)\n\(front.process.output)")
        #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $1 - $0 == hour }, "ticks \(ticks)")
        #expect(runs.allSatisfy { $0["schedule_misfire"] == "0" }, "\(runs)")
    }

    @Test func badValuesAreRefusedNamingTheFlagOrVariable() async throws {
        let serve = try await KickoffProcess.run(["serve", "--misfire-grace", "2s"])
        #expect(serve.status != 0)
        #expect(serve.output.contains("--misfire-grace") && serve.output.contains("at least the scheduler lease"), "\(serve.output)")
        let worker = try await KickoffProcess.run(["worker"], environment: ["KICKOFF_SCHEDULER_LEASE": "soon"])
        #expect(worker.status != 0)
        #expect(worker.output.contains("KICKOFF_SCHEDULER_LEASE"), "\(worker.output)")
        let pool = try await KickoffProcess.run(["pool", "--workers", "1", "--scheduler-lease", "2m"])
        #expect(pool.status != 0)
        #expect(pool.output.contains("--scheduler-lease") && pool.output.contains("--misfire-grace"), "\(pool.output)")
    }
}
