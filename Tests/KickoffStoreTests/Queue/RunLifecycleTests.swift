import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

@Suite struct RunLifecycleTests {
    @Test func enqueueStoresTheRunQueuesItAndEmitsAnEvent() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun()
        let status = try await fixture.blocking { try $0.enqueue(run) }
        #expect(status == .queued)
        let record = try #require(try await fixture.blocking { try $0.run(id: run.id) })
        #expect(record.status == .queued)
        #expect(record.pipeline == "demo")
        #expect(record.attempt == 1)
        #expect(record.parameters["a"]?["x"] == .integer(1))
        #expect(record.steps.map(\.status) == [.pending, .pending])
        #expect(record.tags == ["t1"])
        #expect(try await fixture.send(RedisCommand("LRANGE", fixture.keys.queued(queue: "default", priority: .normal, group: ""), 0, -1)) == .array([.bulk(Array(run.id.utf8))]))
        #expect(try await fixture.send(RedisCommand("ZSCORE", fixture.keys.runsIndex, run.id)).int == record.createdAt)
        #expect(try await fixture.eventTypes(run.id) == ["run.queued"])
        // The same id twice is refused, and nothing is overwritten.
        await #expect(throws: RedisError.self) { try await fixture.blocking { try $0.enqueue(run) } }
    }

    @Test func aRunGoesThroughItsStepsAndFinishes() async throws {
        let fixture = try await QueueFixture(retention: .seconds(600))
        let run = fixture.newRun()
        try await fixture.blocking { try $0.enqueue(run) }
        let (claimed, results) = try await fixture.blocking { queue in
            let claimed = try #require(try queue.claim(worker: "host/1", lease: .seconds(30)))
            var results: [String] = []
            results.append(try queue.heartbeat(claimed, lease: .seconds(30)).rawValue)
            results.append(try queue.recordStep(claimed, state: StepState(name: "a", status: .running, startedAt: 1), event: "step.started").rawValue)
            results.append(try queue.recordStep(claimed, state: StepState(name: "a", status: .succeeded, startedAt: 1, finishedAt: 2, exitCode: 0, output: .object(["n": .integer(3)])),
                                                event: "step.succeeded", log: "hello from a\n").rawValue)
            results.append(try queue.finish(claimed, status: .succeeded, outputs: .object(["accuracy": .number(0.9)]), error: nil,
                                            steps: [StepState(name: "b", status: .skipped)]).rawValue)
            return (claimed, results)
        }
        #expect(claimed.record.status == .running)
        #expect(claimed.record.worker == "host/1")
        #expect(results == ["ok", "ok", "ok", "ok"])
        let record = try #require(try await fixture.blocking { try $0.run(id: run.id) })
        #expect(record.status == .succeeded)
        #expect(record.outputs == .object(["accuracy": .number(0.9)]))
        #expect(record.steps.map(\.status) == [.succeeded, .skipped])
        #expect(record.steps[0].output == .object(["n": .integer(3)]))
        #expect(record.finishedAt != nil)
        #expect(record.token == nil)
        #expect(try await fixture.eventTypes(run.id) == ["run.queued", "run.running", "step.started", "step.succeeded", "run.succeeded"])
        #expect(try await fixture.runLogs(run.id)["a"] == "hello from a\n")
        // Kept for the retention period, then gone: record, folded events and logs packed in one
        // string (the three keys of before are gone); the stream itself only a few seconds more.
        let ttl = try #require(try await fixture.send(RedisCommand("TTL", fixture.keys.done(run.id))).int)
        #expect((1...600).contains(ttl), "TTL of the packed run")
        let leftOver = try await fixture.send(RedisCommand("EXISTS", fixture.keys.run(run.id), fixture.keys.logs(run.id), fixture.keys.history(run.id)))
        #expect(leftOver == .integer(0))
        let streamTTL = try #require(try await fixture.send(RedisCommand("PTTL", fixture.keys.events(run.id))).int)
        #expect(streamTTL == -2 || (1...5000).contains(streamTTL))
        #expect(try await fixture.send(RedisCommand("ZCARD", fixture.keys.leases)) == .integer(0))
        // Finishing twice changes nothing: the repeat is answered `done` (this attempt's end is recorded).
        #expect(try await fixture.blocking { try $0.finish(claimed, status: .failed, outputs: nil, error: nil) } == .done)
        #expect(try await fixture.blocking { try $0.run(id: run.id) }?.status == .succeeded)
        #expect(try await fixture.eventTypes(run.id).last == "run.succeeded")
    }

    @Test func claimTakesHighPriorityFirstThenOldest() async throws {
        let fixture = try await QueueFixture()
        let low = fixture.newRun(priority: .low), normal1 = fixture.newRun(), normal2 = fixture.newRun(), high = fixture.newRun(priority: .high)
        for run in [low, normal1, normal2, high] { try await fixture.blocking { try $0.enqueue(run) } }
        let order = try await fixture.blocking { queue in
            var ids: [String] = []
            while let claimed = try queue.claim(worker: "w", lease: .seconds(30)) { ids.append(claimed.record.id) }
            return ids
        }
        #expect(order == [high.id, normal1.id, normal2.id, low.id])
    }

    @Test func canceledQueuedRunsAreNeverClaimed() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun()
        try await fixture.blocking { try $0.enqueue(run) }
        #expect(try await fixture.blocking { try $0.cancel(id: run.id) } == .canceled)
        #expect(try await fixture.blocking { try $0.claim(worker: "w", lease: .seconds(5)) } == nil)
        #expect(try await fixture.blocking { try $0.run(id: run.id) }?.status == .canceled)
        #expect(try await fixture.blocking { try $0.cancel(id: run.id) } == .finished)
        #expect(try await fixture.blocking { try $0.cancel(id: RunID.make()) } == .missing)
        #expect(try await fixture.eventTypes(run.id) == ["run.queued", "run.canceled"])
    }

    @Test func cancelingARunningRunReachesItsWorkerThroughTheHeartbeat() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun()
        try await fixture.blocking { try $0.enqueue(run) }
        let claimed = try #require(try await fixture.blocking { try $0.claim(worker: "w", lease: .seconds(30)) })
        #expect(try await fixture.blocking { try $0.heartbeat(claimed, lease: .seconds(30)) } == .ok)
        #expect(try await fixture.blocking { try $0.cancel(id: run.id) } == .cancelRequested)
        #expect(try await fixture.blocking { try $0.heartbeat(claimed, lease: .seconds(30)) } == .cancel)
        #expect(try await fixture.blocking { try $0.finish(claimed, status: .canceled, outputs: nil, error: RunError(step: "a", message: "canceled")) } == .ok)
        #expect(try await fixture.blocking { try $0.run(id: run.id) }?.status == .canceled)
    }

    @Test func releaseHandsTheRunBackFirstInLineWithTheSameAttempt() async throws {
        let fixture = try await QueueFixture()
        let first = fixture.newRun(), second = fixture.newRun()
        try await fixture.blocking { try $0.enqueue(first) }
        try await fixture.blocking { try $0.enqueue(second) }
        let claimed = try #require(try await fixture.blocking { try $0.claim(worker: "w", lease: .seconds(30)) })
        #expect(claimed.record.id == first.id)
        #expect(try await fixture.blocking { try $0.release(claimed) } == .ok)
        let again = try #require(try await fixture.blocking { try $0.claim(worker: "w2", lease: .seconds(30)) })
        #expect(again.record.id == first.id)
        #expect(again.record.attempt == 1)
        #expect(try await fixture.blocking { try $0.finish(claimed, status: .succeeded, outputs: nil, error: nil) } == .stale)
    }
}
