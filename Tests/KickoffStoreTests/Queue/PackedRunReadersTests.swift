import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// A finished run packed into one string (`{ns}:done:<id>`, `PackedRun`) reads through every reader
/// exactly as the same run in the layout before (its hash, its folded events, its logs hash): the
/// record with its steps, outputs, error and parameters, the logs, the events with their ids (so
/// `Last-Event-ID` resumes anywhere), the statuses, the webhook body's run.
@Suite struct PackedRunReadersTests {
    /// Everything the readers give for one run.
    struct Reading: Hashable {
        var record: RunRecord?
        var listed: [RunRecord?]
        var logs: [String: String]
        /// The events after each event id ("0": all).
        var events: [[RunEvent]]
        var start: [RunEvent]
        var startFolded: Bool
        var history: [RunEvent]?
        var statuses: [String?]
        var workerRecord: RunRecord?
        var workerStatus: [String?]
        var webhookRun: RunRecord?
    }

    static func read(_ fixture: QueueFixture, _ store: Store, _ id: String, delivery: WebhookDelivery) async throws -> Reading {
        let all = try await store.runs.events(id: id)
        var events = [all]
        for event in all { events.append(try await store.runs.events(id: id, after: event.id)) }
        let (start, folded, history, statuses) = try await store.eventStreams.withConnection { connection in
            let (start, folded) = try await connection.start(runID: id, after: all[1].id)
            return (start, folded, try await connection.history(runID: id, after: "0"), try await connection.statuses(runIDs: [id, "gone"]))
        }
        let (workerRecord, workerStatus) = try await fixture.blocking { queue in
            (try queue.run(id: id), try queue.statuses(of: [id, "gone"]).map { $0?.status?.rawValue })
        }
        return Reading(record: try await store.runs.run(id: id), listed: try await store.runs.records(ids: [id, "gone", id]),
                       logs: try await store.runs.logs(id: id), events: events, start: start, startFolded: folded, history: history,
                       statuses: statuses, workerRecord: workerRecord, workerStatus: workerStatus,
                       webhookRun: try await store.webhooks.content(of: delivery).run)
    }

    /// A run of two steps, one with an output and a log, one failed with its log, that fails with an
    /// error and run outputs; with a webhook endpoint, so that its end writes a delivery.
    static func finishedRun(_ fixture: QueueFixture, store: Store) async throws -> (id: String, delivery: WebhookDelivery) {
        _ = try await fixture.send(RedisCommand("HSET", fixture.keys.webhookEndpoints, "ep1", #"{"url":"https://example.com/hook"}"#))
        let run = fixture.newRun(steps: ["first", "second"])
        try await fixture.blocking { queue in
            _ = try queue.enqueue(run)
            let claimed = try #require(try queue.claim(worker: "host/1", lease: .seconds(30), startFirstStep: true))
            _ = try queue.recordStep(claimed, state: StepState(name: "first", status: .succeeded, startedAt: 1, finishedAt: 2, exitCode: 0,
                                                               output: .object(["rows": .integer(1000), "name": .string("ünï \"q\"")])),
                                     event: "step.succeeded", log: "loaded 1000 rows\n")
            _ = try queue.recordStep(claimed, state: StepState(name: "second", status: .running, startedAt: 3), event: "step.started")
            _ = try queue.finish(claimed, status: .failed, outputs: .object(["accuracy": .number(0.87)]),
                                 error: RunError(step: "second", message: #"exit code 1: said "type":"run.failed""#),
                                 ended: EndedStep(state: StepState(name: "second", status: .failed, startedAt: 3, finishedAt: 4, exitCode: 1),
                                                  event: "step.failed", log: "second went wrong\n"))
            // The compaction goes out with the worker's next claim, or when it stops: here.
            queue.flushDeferred()
        }
        let delivery = try #require(try await store.webhooks.claim(token: "t", lease: .seconds(60), limit: 10).deliveries.first { $0.runID == run.id })
        return (run.id, delivery)
    }

    @Test func aPackedRunReadsThroughEveryReaderAsItsOldLayout() async throws {
        let fixture = try await QueueFixture()
        let store = Store(configuration: StoreConfiguration(redis: fixture.configuration), operations: fixture.operations)
        let (id, delivery) = try await Self.finishedRun(fixture, store: store)
        // One string holds it all, deflated after the finish call; the record, logs and history keys are gone.
        #expect(try await fixture.send(RedisCommand("GETRANGE", fixture.keys.done(id), 0, 0)) == .bulk(Array("z".utf8)))
        let packed = try #require(try await fixture.packedRun(id))
        #expect(packed.logs == ["first": "loaded 1000 rows\n", "second": "second went wrong\n"])
        #expect(try await fixture.send(RedisCommand("EXISTS", fixture.keys.run(id), fixture.keys.logs(id), fixture.keys.history(id))) == .integer(0))
        _ = try await fixture.send(RedisCommand("DEL", fixture.keys.events(id)))  // as it is once its grace is over

        let fromPacked = try await Self.read(fixture, store, id, delivery: delivery)
        let record = try #require(fromPacked.record)
        #expect(record.status == .failed)
        #expect(record.outputs == .object(["accuracy": .number(0.87)]))
        #expect(record.error == RunError(step: "second", message: #"exit code 1: said "type":"run.failed""#))
        #expect(record.parameters == ["first": ["x": .integer(1)], "second": ["x": .integer(1)]])
        #expect(record.steps.map(\.status) == [.succeeded, .failed])
        #expect(record.steps[0].output == .object(["rows": .integer(1000), "name": .string("ünï \"q\"")]))
        #expect(fromPacked.events[0].map(\.type) == ["run.queued", "run.running", "step.started", "step.succeeded", "step.started",
                                                     "step.failed", "run.failed"])
        #expect(fromPacked.startFolded)
        #expect(fromPacked.statuses == ["failed", nil])
        #expect(fromPacked.workerStatus == ["failed", nil])

        // The same run in the layout before packing reads the same through every reader.
        try await fixture.unpackRun(id)
        #expect(try await fixture.send(RedisCommand("EXISTS", fixture.keys.done(id))) == .integer(0))
        let fromOldLayout = try await Self.read(fixture, store, id, delivery: delivery)
        #expect(fromPacked == fromOldLayout)
        await store.shutdown()
    }

    /// Plain as the scripts pack it (as a run that ends elsewhere than in `finish` stays until a
    /// `compact`), then deflated (`WorkerQueue.compact`): every reader gives the same; the scripts
    /// that look at finished runs (a repeated end, cancel, purge) read what they need.
    @Test func aDeflatedRunReadsThroughEveryReaderAsItsPlainForm() async throws {
        let fixture = try await QueueFixture()
        let store = Store(configuration: StoreConfiguration(redis: fixture.configuration), operations: fixture.operations)
        let (id, delivery) = try await Self.finishedRun(fixture, store: store)
        _ = try await fixture.send(RedisCommand("DEL", fixture.keys.events(id)))
        try await fixture.setRunFields(id, [:])  // written back plain
        let plain = try #require(try await fixture.send(RedisCommand("GET", fixture.keys.done(id))).bytes)
        let fromPlain = try await Self.read(fixture, store, id, delivery: delivery)
        let ttl = try #require(try await fixture.send(RedisCommand("TTL", fixture.keys.done(id))).int)

        #expect(try await fixture.blocking { try $0.compact(runID: id) })
        let deflated = try #require(try await fixture.send(RedisCommand("GET", fixture.keys.done(id))).bytes)
        #expect(deflated.first == UInt8(ascii: "z"))
        #expect(deflated.count < plain.count)
        #expect((try await fixture.send(RedisCommand("TTL", fixture.keys.done(id))).int ?? -1) > ttl - 60)
        #expect(try await Self.read(fixture, store, id, delivery: delivery) == fromPlain)
        // Once is enough: a deflated value is left as it is.
        #expect(try await fixture.blocking { try $0.compact(runID: id) } == false)
        #expect(try await fixture.blocking { try $0.cancel(id: id) } == .finished)

        // Purge reads its status and end from the clear part, and deletes it.
        try await Eventually.poll("the deflated run is purged") { try await store.runs.purge(olderThan: .zero).deleted == 1 }
        #expect(try await fixture.send(RedisCommand("EXISTS", fixture.keys.done(id))) == .integer(0))
        // A compaction after a purge does not bring it back.
        #expect(try await fixture.blocking { try $0.compact(runID: id) } == false)
        #expect(try await fixture.send(RedisCommand("EXISTS", fixture.keys.done(id))) == .integer(0))
        await store.shutdown()
    }

    @Test func repeatsOfTheEndAndCancelAnswerAsBeforePacking() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun(steps: ["only"])
        let (claimed, first) = try await fixture.blocking { queue in
            _ = try queue.enqueue(run)
            let claimed = try #require(try queue.claim(worker: "host/1", lease: .seconds(30)))
            let answer = try queue.finish(claimed, status: .succeeded, outputs: nil, error: nil)
            queue.flushDeferred()  // what the worker's next claim carries
            return (claimed, answer)
        }
        #expect(first == .ok)
        // Deflated after the finish call: the scripts read the token from its clear part.
        #expect(try await fixture.send(RedisCommand("GETRANGE", fixture.keys.done(run.id), 0, 0)) == .bulk(Array("z".utf8)))
        let packed = try #require(try await fixture.send(RedisCommand("GET", fixture.keys.done(run.id))).bytes)
        let answers = try await fixture.blocking { queue in
            (try queue.finish(claimed, status: .failed, outputs: nil, error: nil), try queue.heartbeat(claimed, lease: .seconds(30)),
             try queue.finish(ClaimedRun(record: claimed.record, token: "another"), status: .failed, outputs: nil, error: nil),
             try queue.heartbeat(ClaimedRun(record: claimed.record, token: "another"), lease: .seconds(30)), try queue.cancel(id: run.id))
        }
        #expect(answers.0 == .done && answers.1 == .done && answers.2 == .stale && answers.3 == .stale && answers.4 == .finished)
        // Nothing changed, nothing came back in the old layout; the expiry is kept.
        #expect(try await fixture.send(RedisCommand("GET", fixture.keys.done(run.id))).bytes == packed)
        #expect(try await fixture.send(RedisCommand("EXISTS", fixture.keys.run(run.id), fixture.keys.logs(run.id))) == .integer(0))
        #expect((try await fixture.send(RedisCommand("TTL", fixture.keys.done(run.id))).int ?? -1) > 0)
        #expect(try await fixture.blocking { try $0.run(id: run.id) }?.status == .succeeded)
    }

    /// A log holding one of the separator bytes stays in its hash; the rest is packed.
    @Test func aLogWithASeparatorByteKeepsItsHash() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun(steps: ["only"])
        let log = "record\u{1E}separator\u{1F}bytes\u{1D}\n"
        try await fixture.blocking { queue in
            _ = try queue.enqueue(run)
            let claimed = try #require(try queue.claim(worker: "host/1", lease: .seconds(30)))
            _ = try queue.finish(claimed, status: .succeeded, outputs: nil, error: nil,
                                 ended: EndedStep(state: StepState(name: "only", status: .succeeded, startedAt: 1, finishedAt: 2, exitCode: 0),
                                                  event: "step.succeeded", log: log))
        }
        let packed = try #require(try await fixture.packedRun(run.id))
        #expect(packed.logs == nil)
        #expect(packed.fields["status"] == "succeeded")
        let client = RedisClient(configuration: fixture.configuration, connectionCount: 1)
        #expect(try await RunStore(client: client, operations: fixture.operations).logs(id: run.id) == ["only": log])
        await client.shutdown()
    }
}

extension PackedRunReadersTests {
    /// The worker's compaction of a run it finished costs no round trip of its own: the finished run
    /// stays plain until the worker's next claim, whose write carries it (and deflates it).
    @Test func theCompactionRidesOnTheNextClaim() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun(steps: ["only"])
        let key = fixture.keys.done(run.id)
        let (before, after, next) = try await fixture.blocking { queue in
            _ = try queue.enqueue(run)
            let claimed = try #require(try queue.claim(worker: "host/1", lease: .seconds(30)))
            _ = try queue.finish(claimed, status: .succeeded, outputs: nil, error: nil)
            let before = try queue.connection.send(RedisCommand("GETRANGE", key, 0, 0))
            let next = try queue.claim(worker: "host/1", lease: .seconds(30))
            return (before, try queue.connection.send(RedisCommand("GETRANGE", key, 0, 0)), next)
        }
        #expect(before == .bulk(Array("p".utf8)))
        #expect(next == nil)
        #expect(after == .bulk(Array("z".utf8)))
    }
}
