import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// The per-minute history (`GET /v1/stats`): counted by the scripts that finish runs and announce
/// workers, one hash per minute that expires.
@Suite struct HistoryCounterTests {
    @Test func finishedRunsAreCountedByPipelineAndStatusWithTheirStepDurations() async throws {
        let queue = try await QueueFixture()
        let store = Store(configuration: StoreConfiguration(redis: queue.configuration), operations: queue.operations, connections: 1)
        defer { Task { await store.shutdown() } }
        let before = try await store.time()
        for (index, status) in [RunStatus.succeeded, .succeeded, .failed].enumerated() {
            let run = queue.newRun(steps: ["a", "b"])
            try await queue.blocking { try $0.enqueue(run) }
            let claimed = try #require(try await queue.blocking { try $0.claim(worker: "w", lease: .seconds(30)) })
            // Steps of 100 ms and 1000 ms (and a third run's of 101 and 1001 ms).
            let steps = [StepState(name: "a", status: .succeeded, startedAt: 0, finishedAt: 100 + Int64(index / 2), exitCode: 0),
                         StepState(name: "b", status: status == .succeeded ? .succeeded : .failed, startedAt: 0,
                                   finishedAt: 1000 + Int64(index / 2), exitCode: status == .succeeded ? 0 : 1)]
            #expect(try await queue.blocking { try $0.finish(claimed, status: status, outputs: nil, error: nil, steps: steps) } == .ok)
        }
        let after = try await store.time()
        let minutes = try await store.fleet.history(since: before, until: after)
        let report = StatsReport(minutes: minutes, since: before, until: after)
        #expect(report.totals.runs == ["demo": ["succeeded": 2, "failed": 1]])
        let durations = try #require(report.totals.step_durations["demo"])
        #expect(durations.count == 6)
        // Buckets are about 19 % wide: the median step (100 or 101 ms) reads as its bucket's middle.
        #expect(abs(Double(durations.p50_ms) - 100) / 100 < 0.1)
        #expect(abs(Double(durations.p95_ms) - 1000) / 1000 < 0.1)

        // Each minute's hash expires: 48 h and a minute at most.
        let key = queue.keys.history(minute: try #require(minutes.first).minute)
        let ttl = try #require(try await queue.send(RedisCommand("TTL", key)).int)
        #expect(ttl > 0 && ttl <= 48 * 3600 + 60)
    }

    @Test func theFirstAnnouncementOfAMinuteSamplesTheQueuesAndLaterOnesDoNot() async throws {
        let queue = try await QueueFixture()
        let store = Store(configuration: StoreConfiguration(redis: queue.configuration), operations: queue.operations, connections: 1)
        defer { Task { await store.shutdown() } }
        for _ in 0..<3 { try await queue.blocking { try $0.enqueue(queue.newRun()) } }
        // Each try must stay within one minute; a try the minute turned in is made again.
        var checked = false
        for _ in 0..<3 where !checked {
            let now = try await store.time()
            let key = queue.keys.history(minute: now / 60_000)
            // Another process sampled this minute already: no sample is taken now.
            _ = try await queue.send(RedisCommand("HSET", key, "sampled", "1"))
            try await queue.blocking { try $0.announce(worker: "w", queues: ["default"], for: .seconds(600)) }
            let skipped = try await queue.send(RedisCommand("HGETALL", key)).hashFields

            // The first announcement of a minute samples every queue; the second counts itself only.
            _ = try await queue.send(RedisCommand("DEL", key))
            try await queue.blocking { try $0.announce(worker: "w", queues: ["default"], for: .seconds(600)) }
            try await queue.blocking { try $0.announce(worker: "w2", queues: ["default"], for: .seconds(600)) }
            let fields = try await queue.send(RedisCommand("HGETALL", key)).hashFields
            let ttl = try await queue.send(RedisCommand("TTL", key)).int ?? 0
            guard try await store.time() / 60_000 == now / 60_000 else { continue }
            #expect(skipped["depth:default"] == nil && skipped["sampled"] == "2")
            let minute = HistoryMinute(minute: now / 60_000, fields: fields)
            #expect(fields["sampled"] == "2")
            #expect(minute.depth["default"] == 3)
            #expect((minute.oldestWait["default"] ?? -1) >= 0)
            #expect(ttl > 0)
            checked = true
        }
        #expect(checked)
    }
}
