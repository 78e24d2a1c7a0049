import FoundationEssentials
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Leases, reclaim, retries and delayed runs: what makes a crash or a failure recoverable.
@Suite struct RecoveryTests {
    @Test func anExpiredLeaseIsReclaimedAndTheOldTokenIsRefused() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun(maxAttempts: 3)
        try await fixture.blocking { try $0.enqueue(run) }
        let lost = try #require(try await fixture.blocking { try $0.claim(worker: "dead/1", lease: .milliseconds(30)) })
        // No heartbeat: the worker "died". Maintenance reclaims the run once the lease has expired.
        try await Eventually.poll("the run is reclaimed") {
            try await fixture.blocking { try $0.maintain().reclaimed } == 1
        }
        let queued = try #require(try await fixture.blocking { try $0.run(id: run.id) })
        #expect(queued.status == .queued)
        // A lost worker is not the pipeline's failure: no attempt is counted, a reclaim is.
        #expect(queued.attempt == 1)
        #expect(queued.reclaims == 1)
        #expect(queued.worker == nil)

        let taken = try #require(try await fixture.blocking { try $0.claim(worker: "alive/2", lease: .seconds(30)) })
        #expect(taken.record.id == run.id)
        // The dead worker's attempt cannot touch the run any more.
        #expect(try await fixture.blocking { try $0.heartbeat(lost, lease: .seconds(30)) } == .stale)
        #expect(try await fixture.blocking { try $0.recordStep(lost, state: StepState(name: "a", status: .running), event: "step.started") } == .stale)
        #expect(try await fixture.blocking { try $0.finish(lost, status: .failed, outputs: nil, error: nil) } == .stale)
        #expect(try await fixture.blocking { try $0.failAttempt(lost, error: RunError(message: "x"), backoff: .zero) } == .stale)
        #expect(try await fixture.blocking { try $0.finish(taken, status: .succeeded, outputs: .object([:]), error: nil) } == .ok)
        #expect(try await fixture.send(RedisCommand("HGET", fixture.keys.stats, "reclaimed")).int == 1)
        #expect(try await fixture.eventTypes(run.id) == ["run.queued", "run.running", "run.queued", "run.running", "run.succeeded"])
    }

    /// A run that keeps losing its worker (a step that kills it: a poison pill) fails after
    /// `max_reclaims`, naming the step that was running and how many workers were lost; its attempts
    /// are never used up by it.
    @Test func aRunThatKeepsLosingItsWorkerFailsAfterMaxReclaims() async throws {
        let fixture = try await QueueFixture()
        var poisoned = fixture.newRun(maxAttempts: 1)
        poisoned.maxReclaims = 1
        let run = poisoned
        try await fixture.blocking { try $0.enqueue(run) }
        for round in 1...2 {
            let claimed = try #require(try await fixture.blocking { try $0.claim(worker: "dead/\(round)", lease: .milliseconds(30), startFirstStep: true) })
            #expect(claimed.record.attempt == 1)
            // Polled with a deadline (by hand: the result itself is wanted).
            var result = try await fixture.blocking { try $0.maintain() }
            let deadline = ContinuousClock.now + .seconds(20)
            while result.reclaimed + result.failed == 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
                result = try await fixture.blocking { try $0.maintain() }
            }
            if round == 1 {
                #expect(result.reclaimed == 1)
                #expect(try await fixture.blocking { try $0.run(id: run.id) }?.status == .queued)
            } else {
                #expect(result.failed == 1)
                // Maintenance tells which runs it finished, for the workers' metrics.
                #expect(result.finished == [FinishedRun(pipeline: "demo", status: .failed)])
            }
        }
        let record = try #require(try await fixture.blocking { try $0.run(id: run.id) })
        #expect(record.status == .failed)
        #expect(record.reclaims == 2)
        #expect(record.attempt == 1)
        #expect(record.error?.step == "a")
        #expect(record.error?.message.hasPrefix("the run lost 2 workers (max_reclaims 1) while step a was running") == true, "\(String(describing: record.error))")
        #expect(record.steps.map(\.status) == [.failed, .pending])
        #expect(record.steps.first?.error == "its worker was lost")
    }

    /// A run queued again (here a retry) keeps its succeeded steps and their outputs; the claim then
    /// starts no step itself: the worker starts the one it resumes at.
    @Test func aRunQueuedAgainKeepsItsSucceededSteps() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun(steps: ["a", "b", "c"], maxAttempts: 2)
        try await fixture.blocking { try $0.enqueue(run) }
        let first = try #require(try await fixture.blocking { try $0.claim(worker: "w", lease: .seconds(30), startFirstStep: true) })
        let succeeded = StepState(name: "a", status: .succeeded, startedAt: 1, finishedAt: 2, exitCode: 0, output: .object(["v": .integer(7)]))
        #expect(try await fixture.blocking { try $0.recordStep(first, state: succeeded, event: "step.succeeded") } == .ok)
        #expect(try await fixture.blocking { try $0.recordStep(first, state: StepState(name: "b", status: .failed, exitCode: 3), event: "step.failed") } == .ok)
        #expect(try await fixture.blocking { try $0.failAttempt(first, error: RunError(step: "b", message: "exit code 3"), backoff: .zero) } == .retrying)
        let queued = try #require(try await fixture.blocking { try $0.run(id: run.id) })
        #expect(queued.steps == [succeeded, StepState(name: "b", status: .pending), StepState(name: "c", status: .pending)])
        let second = try #require(try await fixture.blocking { try $0.claim(worker: "w", lease: .seconds(30), startFirstStep: true) })
        #expect(second.record.steps.map(\.status) == [.succeeded, .pending, .pending])
        #expect(try await fixture.eventTypes(run.id) == ["run.queued", "run.running", "step.started", "step.succeeded", "step.failed",
                                                          "run.queued", "run.running"])
        // The worker says where it resumes.
        let plan = ResumePlan(steps: ["a", "b", "c"].map { Step(name: $0, run: []) }, states: second.record.steps) { _ in true }
        #expect(plan.fromStep == "b")
        #expect(try await fixture.blocking { try $0.resume(second, plan: plan) } == .ok)
        #expect(try await fixture.eventTypes(run.id).last == "run.resumed")
    }

    @Test func aFailedAttemptIsRetriedAfterItsBackoffThenFails() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun(maxAttempts: 2)
        try await fixture.blocking { try $0.enqueue(run) }
        let first = try #require(try await fixture.blocking { try $0.claim(worker: "w", lease: .seconds(30)) })
        let error = RunError(step: "a", message: "exit code 3")
        #expect(try await fixture.blocking { try $0.failAttempt(first, error: error, backoff: .milliseconds(50)) } == .retrying)
        let waiting = try #require(try await fixture.blocking { try $0.run(id: run.id) })
        #expect(waiting.status == .queued)
        #expect(waiting.attempt == 2)
        #expect(waiting.notBefore != nil)
        #expect(try await fixture.send(RedisCommand("ZSCORE", fixture.keys.delayed, run.id)).isNull == false)

        try await Eventually.poll("the retry becomes due and is claimed") {
            try await fixture.blocking { queue in
                _ = try queue.maintain()
                return try queue.claim(worker: "w", lease: .seconds(30))
            } != nil
        }
        let second = try #require(try await fixture.blocking { try $0.run(id: run.id) })
        #expect(second.status == .running)
        let token = try #require(second.token)
        let claimed = ClaimedRun(record: second, token: token)
        let final = [StepState(name: "a", status: .failed, exitCode: 3), StepState(name: "b", status: .skipped)]
        #expect(try await fixture.blocking { try $0.failAttempt(claimed, error: error, backoff: .milliseconds(50), finalSteps: final) } == .failed)
        let failed = try #require(try await fixture.blocking { try $0.run(id: run.id) })
        #expect(failed.status == .failed)
        #expect(failed.error == error)
        #expect(failed.steps.map(\.status) == [.failed, .skipped])
        #expect(try await fixture.eventTypes(run.id).last == "run.failed")
    }

    @Test func aDelayedRunIsScheduledUntilDue() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun(delay: .milliseconds(200))
        #expect(try await fixture.blocking { try $0.enqueue(run) } == .scheduled)
        #expect(try await fixture.blocking { try $0.run(id: run.id) }?.status == .scheduled)
        #expect(try await fixture.blocking { try $0.claim(worker: "w", lease: .seconds(30)) } == nil)
        try await Eventually.poll("the scheduled run is promoted and claimed") {
            try await fixture.blocking { queue in
                _ = try queue.maintain()
                return try queue.claim(worker: "w", lease: .seconds(30))?.record.id
            } == run.id
        }
        #expect(try await fixture.eventTypes(run.id) == ["run.scheduled", "run.queued", "run.running"])
    }

    /// An idle worker blocks in BLPOP; an enqueue wakes it (no polling interval involved).
    @Test func anIdleWorkerWakesWhenARunIsEnqueued() async throws {
        let fixture = try await QueueFixture()
        let worker = "waiter-" + RunID.make()
        let waiter = Task { try await fixture.blocking { try $0.waitForWork(worker: worker, timeout: .seconds(30)) } }
        try await Eventually.poll("the worker is blocked in BLPOP") {
            let clients = try await fixture.send(RedisCommand("CLIENT", "LIST")).string ?? ""
            return clients.split(separator: "\n").contains { $0.contains("cmd=blpop") }
        }
        let run = fixture.newRun()
        try await fixture.blocking { try $0.enqueue(run) }
        #expect(try await waiter.value == true)
        #expect(try await fixture.blocking { try $0.claim(worker: worker, lease: .seconds(30)) }?.record.id == run.id)
    }

    /// Redis paused or unreachable for everyone: no worker could heartbeat, so maintenance must not
    /// take the gap for dead workers. The first call after it, from a worker that could not reach Redis
    /// for that long, extends every lease by the outage.
    @Test func anOutageExtendsLeasesInsteadOfReclaimingThem() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun(maxAttempts: 3)
        try await fixture.blocking { try $0.enqueue(run) }
        _ = try #require(try await fixture.blocking { try $0.claim(worker: "w", lease: .milliseconds(1)) })
        let before = try #require(try await fixture.send(RedisCommand("ZSCORE", fixture.keys.leases, run.id)).int)
        // The last maintenance a minute ago, and the caller cut off from Redis for that minute.
        _ = try await fixture.send(RedisCommand("SET", fixture.keys.lastMaintenance, before - 60_000))
        let result = try await fixture.blocking { try $0.maintain(unreachableFor: .seconds(60)) }
        #expect(result.reclaimed == 0)
        #expect(try await fixture.blocking { try $0.run(id: run.id) }?.status == .running)
        let after = try #require(try await fixture.send(RedisCommand("ZSCORE", fixture.keys.leases, run.id)).int)
        #expect(after - before >= 59_000)
    }

    /// Regression (found by scripts/outage): a worker sees the outage from its first failed call to its
    /// first good one, a little less than the time nobody could heartbeat. Extending leases by that
    /// left those set just before the outage expired, and every running run was taken over at once.
    @Test func anOutageExtendsLeasesByTheWholeGapSinceTheLastMaintenance() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun(maxAttempts: 3)
        try await fixture.blocking { try $0.enqueue(run) }
        _ = try #require(try await fixture.blocking { try $0.claim(worker: "w", lease: .seconds(30)) })
        let time = try #require(try await fixture.send(RedisCommand("TIME")).array?.compactMap(\.string))
        let now = try #require(Int(time[0])) * 1000
        // The lease ran out 10 s ago; maintenance last ran 12 s ago; the caller was cut off for 9 s.
        _ = try await fixture.send(RedisCommand("ZADD", fixture.keys.leases, String(now - 10_000), run.id))
        _ = try await fixture.send(RedisCommand("SET", fixture.keys.lastMaintenance, String(now - 12_000)))
        let result = try await fixture.blocking { try $0.maintain(unreachableFor: .seconds(9)) }
        #expect(result.reclaimed == 0)
        #expect(try await fixture.blocking { try $0.run(id: run.id) }?.status == .running)
    }

    /// Regression (found by scripts/chaos): when every worker was dead for a while (killed, or the
    /// pool backing off its restarts), the gap in maintenance was taken for an outage and the dead
    /// workers' leases were extended by it, again and again: their runs stayed `running` for minutes.
    @Test func aGapWithoutAnOutageReclaimsTheDeadWorkersRuns() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun(maxAttempts: 3)
        try await fixture.blocking { try $0.enqueue(run) }
        _ = try #require(try await fixture.blocking { try $0.claim(worker: "w", lease: .milliseconds(1)) })
        let lease = try #require(try await fixture.send(RedisCommand("ZSCORE", fixture.keys.leases, run.id)).int)
        _ = try await fixture.send(RedisCommand("SET", fixture.keys.lastMaintenance, lease - 60_000))
        // A worker started afresh: it reached Redis at once.
        try await Eventually.poll("the expired lease is reclaimed") {
            try await fixture.blocking { try $0.maintain(unreachableFor: .zero) }.reclaimed == 1
        }
        #expect(try await fixture.blocking { try $0.run(id: run.id) }?.status == .queued)
    }

    @Test func aFailedAttemptOfARunWhoseCancelWasRequestedIsCanceledNotRetried() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun(maxAttempts: 3)
        try await fixture.blocking { try $0.enqueue(run) }
        let claimed = try #require(try await fixture.blocking { try $0.claim(worker: "w", lease: .seconds(30)) })
        #expect(try await fixture.blocking { try $0.cancel(id: run.id) } == .cancelRequested)
        #expect(try await fixture.blocking { try $0.failAttempt(claimed, error: RunError(step: "a", message: "exit code 1"), backoff: .zero) } == .canceled)
        #expect(try await fixture.blocking { try $0.run(id: run.id) }?.status == .canceled)

        let other = fixture.newRun(maxAttempts: 3)
        try await fixture.blocking { try $0.enqueue(other) }
        let draining = try #require(try await fixture.blocking { try $0.claim(worker: "w", lease: .seconds(30)) })
        #expect(try await fixture.blocking { try $0.cancel(id: other.id) } == .cancelRequested)
        #expect(try await fixture.blocking { try $0.release(draining) } == .canceled)
        #expect(try await fixture.blocking { try $0.run(id: other.id) }?.status == .canceled)
    }

    @Test func indexEntriesOfExpiredRunsAreDroppedAndScheduledRunsKeepTheirs() async throws {
        let fixture = try await QueueFixture(retention: .seconds(1))
        let finished = fixture.newRun(), scheduled = fixture.newRun(delay: .seconds(3600))
        try await fixture.blocking { queue in
            try queue.enqueue(finished)
            try queue.enqueue(scheduled)
            let claimed = try #require(try queue.claim(worker: "w", lease: .seconds(30)))
            _ = try queue.finish(claimed, status: .succeeded, outputs: nil, error: nil)
        }
        #expect(try await fixture.send(RedisCommand("ZCARD", fixture.keys.pipelineIndex("demo"))) == .integer(2))
        try await Eventually.poll("maintenance drops the expired run from both indexes") {
            _ = try await fixture.blocking { try $0.maintain() }
            let counts = try await fixture.blocking { queue in
                try queue.connection.pipeline([RedisCommand("ZCARD", fixture.keys.runsIndex), RedisCommand("ZCARD", fixture.keys.pipelineIndex("demo"))])
            }
            return counts == [.integer(1), .integer(1)]
        }
        #expect(try await fixture.send(RedisCommand("ZSCORE", fixture.keys.runsIndex, scheduled.id)).isNull == false)
    }

    @Test func everyKeySharesOneHashTag() {
        let keys = StoreKeys(namespace: "kickoff")
        let all = [keys.run("x"), keys.logs("x"), keys.events("x"), keys.history("x"), keys.done("x"), keys.delayed, keys.leases, keys.signal, keys.wake(worker: "w"),
                   keys.runsIndex, keys.pipelineIndex("p"), keys.pipelineNames, keys.stats, keys.lastMaintenance, keys.eventsChannel] + keys.queues
        #expect(all.allSatisfy { $0.hasPrefix("{kickoff}:") })
    }

    @Test func runIDsAreTimeOrderedUUIDv7() throws {
        let earlier = RunID.make(now: .init(timeIntervalSince1970: 1_700_000_000))
        let later = RunID.make(now: .init(timeIntervalSince1970: 1_700_000_001))
        #expect(earlier < later)
        #expect(RunID.isValid(earlier))
        #expect(Array(earlier)[14] == "7")
        #expect(!RunID.isValid("../../etc/passwd"))
        #expect(!RunID.isValid(earlier.uppercased()))
    }
}
