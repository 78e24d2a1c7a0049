import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// `RunStore.purge` against a real Redis: exactly the old finished runs go, with every key they
/// own; queued and running runs stay however old they are.
@Suite struct PurgeTests {
    func keys(_ fixture: QueueFixture) async throws -> Set<String> {
        var found: Set<String> = []
        var cursor = "0"
        repeat {
            let reply = try await fixture.send(RedisCommand("SCAN", cursor, "MATCH", fixture.keys.prefix + "*", "COUNT", 1000))
            let parts = reply.array ?? []
            cursor = parts.first?.string ?? "0"
            for key in parts.dropFirst().first?.array ?? [] { if let key = key.string { found.insert(key) } }
        } while cursor != "0"
        return found
    }

    /// Enqueues a run and, unless `finish` is nil, claims it and ends it with that status.
    func run(_ fixture: QueueFixture, finish status: RunStatus?, claim: Bool = true) async throws -> String {
        let run = fixture.newRun()
        try await fixture.blocking { queue in
            _ = try queue.enqueue(run)
            guard claim else { return }
            let claimed = try #require(try queue.claim(worker: "host/1", lease: .seconds(60)))
            _ = try queue.recordStep(claimed, state: StepState(name: "a", status: .succeeded, startedAt: 1, finishedAt: 2, exitCode: 0),
                                     event: "step.succeeded", log: "log of a\n")
            if let status { _ = try queue.finish(claimed, status: status, outputs: nil, error: nil) }
        }
        return run.id
    }

    @Test func purgeDeletesExactlyTheOldFinishedRunsAndEverythingTheyOwn() async throws {
        let fixture = try await QueueFixture()
        // An endpoint, so that finishing a run writes webhook deliveries too.
        _ = try await fixture.send(RedisCommand("HSET", fixture.keys.webhookEndpoints, "ep1", #"{"url":"https://example.com/hook"}"#))
        let succeeded = try await run(fixture, finish: .succeeded)
        let failed = try await run(fixture, finish: .failed)
        let running = try await run(fixture, finish: nil)
        let queued = try await run(fixture, finish: nil, claim: false)
        let recent = try await run(fixture, finish: .succeeded)
        // A finished run's stream goes a few seconds after its end (its events stay, folded into its
        // history): gone now, as it soon is anyway, so that no key expires between the scans below.
        for id in [succeeded, failed, recent] { _ = try await fixture.send(RedisCommand("DEL", fixture.keys.events(id))) }
        let now = try #require(try await fixture.send(RedisCommand("TIME")).array?.first?.string.flatMap { Int64($0) }) * 1000
        // Everyone created three hours ago; the first two finished two hours ago.
        for id in [succeeded, failed, running, queued, recent] {
            _ = try await fixture.send(RedisCommand("ZADD", fixture.keys.runsIndex, now - 3 * 3_600_000, id))
        }
        for id in [succeeded, failed] {
            try await fixture.setRunFields(id, ["finished_at": String(now - 2 * 3_600_000)])
        }
        // The succeeded run's delivery failed for good: an attempts list and a dead letter.
        let outboxClient = RedisClient(configuration: fixture.configuration, connectionCount: 1)
        let outbox = WebhookStore(client: outboxClient, operations: fixture.operations)
        let deliveries = try await outbox.claim(token: "t", lease: .seconds(30), limit: 10).deliveries
        let dead = try #require(deliveries.first { $0.runID == succeeded })
        #expect(try await outbox.record(dead, token: "t", outcome: .dead(statusCode: 410, error: "HTTP 410")))
        for other in deliveries where other.id != dead.id { _ = try await outbox.record(other, token: "t", outcome: .release) }
        await outboxClient.shutdown()
        #expect(try await fixture.send(RedisCommand("ZCARD", fixture.keys.webhooksDead)) == .integer(1))

        let before = try await keys(fixture)
        let owned = { (id: String) in before.filter { $0.contains(id) } }
        // A finished run is one packed string (record, events, logs) besides its webhooks' keys.
        #expect(owned(succeeded) == [fixture.keys.done(succeeded), fixture.keys.webhookAttempts(runID: succeeded),
                                     fixture.keys.webhookDelivery(succeeded + "_ep1")])

        let client = RedisClient(configuration: fixture.configuration, connectionCount: 1)
        let store = RunStore(client: client, operations: fixture.operations)
        let dry = try await store.purge(olderThan: .seconds(3600), dryRun: true, batch: 2)
        let onlyFailed = try await store.purge(olderThan: .seconds(3600), statuses: [.failed], batch: 2)
        let afterFailed = try await keys(fixture)
        let all = try await store.purge(olderThan: .seconds(3600), batch: 2)
        let again = try await store.purge(olderThan: .seconds(3600), batch: 2)
        await client.shutdown()

        #expect(dry.matched == 2 && dry.deleted == 0)
        #expect(onlyFailed.matched == 1 && onlyFailed.deleted == 1)
        #expect(afterFailed == before.subtracting(owned(failed)))
        #expect(all.matched == 1)
        #expect(again.matched == 0)
        let after = try await keys(fixture)
        // The dead-letter zset held only the purged run's delivery: empty, Redis drops it.
        let expected = before.subtracting(owned(failed)).subtracting(owned(succeeded)).subtracting([fixture.keys.webhooksDead])
        #expect(after == expected, "left: \(after.subtracting(expected)), missing: \(expected.subtracting(after))")
        #expect(after.filter { $0.contains(succeeded) || $0.contains(failed) }.isEmpty)
        // Its hash, or its packed form once finished.
        for id in [running, queued, recent] {
            #expect(after.contains(fixture.keys.run(id)) || after.contains(fixture.keys.done(id)), "run \(id) was kept")
        }
        // No index or outbox entry names a purged run.
        for index in [fixture.keys.runsIndex, fixture.keys.pipelineIndex("demo"), fixture.keys.webhooksDue, fixture.keys.webhooksDead] {
            let members = try await fixture.send(RedisCommand("ZRANGE", index, 0, -1)).array?.compactMap(\.string) ?? []
            #expect(!members.contains { $0.contains(succeeded) || $0.contains(failed) }, "\(index): \(members)")
        }
        #expect(try await fixture.send(RedisCommand("ZCARD", fixture.keys.runsIndex)) == .integer(3))
    }
}
