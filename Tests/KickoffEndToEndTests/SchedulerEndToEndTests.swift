import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// The scheduler in real `kickoff serve` and `kickoff worker` processes: one leader among them fires each tick once,
/// a survivor takes over from a leader killed with SIGKILL, and downtime follows the misfire policy.
@Suite(.serialized) struct SchedulerEndToEndTests {
    static let ticking = """
        pipelines:
          ticking:
            steps: {s: {run: [true]}}    # the worker runs one a second: keep it cheap
            schedules:
              - {every: 1s, name: tick}
        """

    static let hourly = """
        pipelines:
          nightly:
            steps: {s: {run: [python3, step.py, emit], parameters: {n: {type: integer, default: 1}}}}
            presets: {big: {s: {n: 9}}}
            schedules:
              - {every: 1h, name: hourly-skip, misfire: skip}
              - {every: 1h, name: hourly-once, preset: big}
        """

    @Test func aFrontAndAWorkerFireEachTickOnceAndTheSurvivorTakesOverFromAKilledLeader() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.ticking)
        let front = try await fixture.startFront()
        let worker = try fixture.startWorker("sched-w1")
        try await Eventually.poll("4 ticks fired", deadline: .seconds(60)) { try await fixture.scheduledTicks().count >= 4 }
        // Both stand for election; whichever leads is killed.
        let frontOwner = "/\(front.process.pid)"
        let leader = try #require(try await fixture.schedulerLeader().owner)
        let frontLeads = leader.hasSuffix(frontOwner)
        #expect(frontLeads || leader == "sched-w1", "leader \(leader)")
        let (victim, survivor) = frontLeads ? (front.process, worker) : (worker, front.process)
        let survivorIsLeader: @Sendable (String?) -> Bool = { owner in
            frontLeads ? owner == "sched-w1" : owner?.hasSuffix(frontOwner) == true
        }
        let epochBefore = try await fixture.queue.send(RedisCommand("GET", fixture.queue.keys.schedulerEpoch)).string.flatMap { Int64($0) }

        victim.signal(SIGKILL)
        _ = try await victim.waitForExit()
        let firedAtKill = try await fixture.scheduledTicks().count
        // The lease (5 s) lapses and the survivor leads: within seconds, not a tick lost.
        try await Eventually.poll("the survivor leads", deadline: .seconds(30)) { survivorIsLeader(try await fixture.schedulerLeader().owner) }
        try await Eventually.poll("4 more ticks fired", deadline: .seconds(60)) { try await fixture.scheduledTicks().count >= firedAtKill + 4 }
        survivor.signal(SIGTERM)
        #expect(try await survivor.waitForExit() == 0)
        // A leader that stops gives the lease up.
        #expect(try await fixture.schedulerLeader().owner == nil)

        let epochAfter = try await fixture.queue.send(RedisCommand("GET", fixture.queue.keys.schedulerEpoch)).string.flatMap { Int64($0) }
        #expect(epochAfter == epochBefore.map { $0 + 1 })
        let runs = try await fixture.storedRuns()
        #expect(runs.allSatisfy { $0["tags"] == #"["schedule:tick"]"# && $0["schedule"] == "tick" && $0["pipeline"] == "ticking" })
        let ticks = try await fixture.scheduledTicks().sorted()
        #expect(Set(ticks).count == ticks.count, "a tick fired twice: \(ticks)")
        // Every second from the first tick to the last has its run: the survivor caught up on the
        // ticks the dead leader could not fire.
        let steps = zip(ticks, ticks.dropFirst()).map { $1 - $0 }
        #expect(steps.allSatisfy { $0 == 1000 }, "ticks \(ticks)\n\(front.process.output)\n\(fixture.workerLogs())")
    }

    @Test func afterDowntimeSkipFiresNothingAndRunOnceFiresOneRun() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.hourly)
        let hour: Int64 = 3_600_000
        let currentHour = try await fixture.redisNow() / hour * hour
        // As if the schedulers had been down for five hours.
        for name in ["hourly-skip", "hourly-once"] {
            _ = try await fixture.queue.send(RedisCommand("HSET", fixture.queue.keys.schedule(name), "last_tick", currentHour - 5 * hour))
        }
        let front = try await fixture.startFront()
        @Sendable func state(_ name: String) async throws -> [String: String] {
            try await fixture.queue.send(RedisCommand("HGETALL", fixture.queue.keys.schedule(name))).hashFields
        }
        try await Eventually.poll("both schedules handled the missed ticks", deadline: .seconds(30)) {
            let skip = try await state("hourly-skip")["last_tick"].flatMap { Int64($0) } ?? 0
            let once = try await state("hourly-once")["last_tick"].flatMap { Int64($0) } ?? 0
            return skip >= currentHour && once >= currentHour
        }
        let skip = try await state("hourly-skip"), once = try await state("hourly-once")
        #expect(skip["fired"] == nil && skip["skipped"] == "1", "\(skip)")
        #expect(once["fired"] == "1", "\(once)")
        let runs = try await fixture.storedRuns()
        #expect(runs.count == 1, "\(runs)")
        let run = try #require(runs.first)
        #expect(run["schedule"] == "hourly-once" && run["schedule_misfire"] == "1" && run["schedule_tick"] == once["last_tick"])
        #expect(run["tags"] == #"["schedule:hourly-once"]"#)
        #expect(run["parameters"]?.contains(#""n":9"#) == true, "the preset's values: \(run["parameters"] ?? "")")

        // GET /v1/schedules and `kickoff schedules list` show it.
        let listed = try await front.send("GET", "/v1/schedules")
        #expect(listed.status == 200, "\(listed.text)")
        let schedules = try #require(listed.json?["schedules"] as? [[String: Any]])
        #expect(schedules.map { $0["name"] as? String } == ["hourly-skip", "hourly-once"])
        let lastTick = try #require(once["last_tick"].flatMap { Int64($0) })
        #expect((schedules[1]["next_fire_times"] as? [String])?.first == Timestamp.rfc3339(milliseconds: lastTick + hour))
        #expect(schedules[1]["last_run_id"] as? String == run["id"])
        #expect(schedules[0]["misfire"] as? String == "skip" && schedules[1]["misfire"] as? String == "run_once")
        let cli = try await KickoffProcess.run(["schedules", "list"], environment: ["KICKOFF_URL": front.baseURL, "KICKOFF_API_KEY": front.key])
        #expect(cli.status == 0, "\(cli.output)")
        #expect(cli.output.contains("hourly-once") && cli.output.contains("every 1h") && cli.output.contains("run_once"), "\(cli.output)")
        #expect(cli.output.contains("leader: ") && cli.output.contains("/\(front.process.pid)#"), "\(cli.output)")

        // Regression: a reader that closed the pipe (`kickoff schedules list | head -1`) crashed the
        // client (FileHandle.write traps on EPIPE).
        let closedReader = Process()
        closedReader.executableURL = try KickoffProcess.executable()
        closedReader.arguments = ["schedules", "list"]
        closedReader.environment = ProcessInfo.processInfo.environment.merging(["KICKOFF_URL": front.baseURL, "KICKOFF_API_KEY": front.key]) { _, new in new }
        let pipe = Pipe()
        closedReader.standardOutput = pipe
        closedReader.standardError = FileHandle.nullDevice
        closedReader.standardInput = FileHandle.nullDevice
        try pipe.fileHandleForReading.close()
        try closedReader.run()
        try await Eventually.poll("kickoff schedules list exits") { !closedReader.isRunning }
        #expect(closedReader.terminationReason == .exit && closedReader.terminationStatus == 0,
                "reason \(closedReader.terminationReason.rawValue), status \(closedReader.terminationStatus)")
    }
}
