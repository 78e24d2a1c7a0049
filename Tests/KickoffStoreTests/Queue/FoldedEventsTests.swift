import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// A finished run's events are folded into one string by the script that finishes it (packed with
/// its record in `{ns}:done:<id>`; `{ns}:history:<id>` in the layout before), and its stream goes soon after: the events read back from the history are the
/// stream's, ids and data byte for byte; a run finished before histories existed (only its stream)
/// still reads the same.
@Suite struct FoldedEventsTests {
    /// Takes a two-step run through claim, steps and its end (failed, with an error message that
    /// quotes the run id and an event type); returns the events as its stream held them.
    /// The stream is read after the end, within its 5 s grace: on a starved machine that read may
    /// come too late, so a run whose stream was already gone is set aside and another one made.
    static func finishedRun(_ fixture: QueueFixture, status: RunStatus = .failed) async throws -> (id: String, stream: [RunEvent]) {
        let found = Found()
        try await Eventually.poll("a finished run whose stream is read within its grace", deadline: .seconds(120)) {
            let (id, stream) = try await finishedRunOnce(fixture, status: status)
            guard !stream.isEmpty else { return false }
            await found.set(id, stream)
            return true
        }
        return try #require(await found.value)
    }

    private actor Found {
        var value: (id: String, stream: [RunEvent])?
        func set(_ id: String, _ stream: [RunEvent]) { value = (id, stream) }
    }

    private static func finishedRunOnce(_ fixture: QueueFixture, status: RunStatus) async throws -> (id: String, stream: [RunEvent]) {
        let run = fixture.newRun(steps: ["first", "second"])
        try await fixture.blocking { try $0.enqueue(run) }
        try await fixture.blocking { queue in
            let claimed = try #require(try queue.claim(worker: "host/1", lease: .seconds(30), startFirstStep: true))
            _ = try queue.recordStep(claimed, state: StepState(name: "first", status: .succeeded, startedAt: 1, finishedAt: 2, exitCode: 0),
                                     event: "step.succeeded", log: "one\n")
            _ = try queue.recordStep(claimed, state: StepState(name: "second", status: .running, startedAt: 3), event: "step.started")
            let message = #"step second of \#(run.id) said "type":"run.failed" ünïcödé \ / "#
            _ = try queue.finish(claimed, status: status, outputs: nil, error: RunError(step: "second", message: message),
                                 steps: [StepState(name: "second", status: .failed, startedAt: 3, finishedAt: 4, exitCode: 1)])
        }
        // Within its grace the stream still holds every event, as it was written.
        let reply = try await fixture.send(RedisCommand("XRANGE", fixture.keys.events(run.id), "-", "+"))
        let stream = (reply.array ?? []).compactMap { entry -> RunEvent? in
            guard let parts = entry.array, parts.count == 2, let id = parts[0].string else { return nil }
            let fields = parts[1].hashFields
            return RunEvent(id: id, type: fields["type"] ?? "", data: fields["data"] ?? "")
        }
        return (run.id, stream)
    }

    static func events(_ fixture: QueueFixture, _ id: String, after: String = "0") async throws -> [RunEvent] {
        let client = RedisClient(configuration: fixture.configuration, connectionCount: 1)
        let events = try await RunStore(client: client, operations: fixture.operations).events(id: id, after: after)
        await client.shutdown()
        return events
    }

    @Test func aFinishedRunsEventsReadBackIdenticallyFromItsHistory() async throws {
        let fixture = try await QueueFixture()
        let (id, stream) = try await Self.finishedRun(fixture)
        #expect(stream.map(\.type) == ["run.queued", "run.running", "step.started", "step.succeeded", "step.started", "run.failed"])
        #expect(try await fixture.send(RedisCommand("EXISTS", fixture.keys.done(id))) == .integer(1))
        // The stream is let go: it expires within seconds, not with the retention.
        // (-2: already gone, on a starved machine; -1 would be a stream kept for good.)
        let ttl = try #require(try await fixture.send(RedisCommand("PTTL", fixture.keys.events(id))).int)
        #expect(ttl == -2 || (ttl > 0 && ttl <= 5000))
        let historyTTL = try #require(try await fixture.send(RedisCommand("TTL", fixture.keys.done(id))).int)
        #expect(historyTTL > 3000)

        // Gone as it will be: the history alone gives every event back, ids and data identical.
        _ = try await fixture.send(RedisCommand("DEL", fixture.keys.events(id)))
        #expect(try await Self.events(fixture, id) == stream)
        #expect(try await Self.events(fixture, id, after: stream[2].id) == Array(stream[3...]))
        #expect(try await Self.events(fixture, id, after: stream[5].id).isEmpty)
        // Much smaller than the stream it replaces (a stream is a 4 KB listpack node or more).
        let bytes = try #require(try await fixture.packedRun(id)).history.utf8.count
        #expect(bytes < stream.map { $0.data.utf8.count }.reduce(0, +))
    }

    @Test func everyFinalPathFoldsItsEvents() async throws {
        let fixture = try await QueueFixture()
        // Canceled while queued: the cancel script finishes it too.
        let queued = fixture.newRun()
        try await fixture.blocking { try $0.enqueue(queued) }
        _ = try await fixture.blocking { try $0.cancel(id: queued.id) }
        #expect(try await fixture.packedRun(queued.id) != nil)
        _ = try await fixture.send(RedisCommand("DEL", fixture.keys.events(queued.id)))
        #expect(try await Self.events(fixture, queued.id).map(\.type) == ["run.queued", "run.canceled"])
        // Succeeded.
        let (id, stream) = try await Self.finishedRun(fixture, status: .succeeded)
        _ = try await fixture.send(RedisCommand("DEL", fixture.keys.events(id)))
        #expect(try await Self.events(fixture, id) == stream)
        #expect(stream.last?.type == "run.succeeded")
    }

    /// A run that finished before histories existed has its stream (kept for the retention), its
    /// hash, and neither a history nor a packed form.
    @Test func anOldLayoutFinishedRunStillReads() async throws {
        let fixture = try await QueueFixture()
        let (id, stream) = try await Self.finishedRun(fixture)
        try await fixture.unpackRun(id)
        _ = try await fixture.send(RedisCommand("DEL", fixture.keys.history(id)))
        // The stream as the old layout kept it (written again: its grace may have run out meanwhile).
        _ = try await fixture.send(RedisCommand("DEL", fixture.keys.events(id)))
        for event in stream {
            _ = try await fixture.send(RedisCommand("XADD", fixture.keys.events(id), event.id, "type", event.type, "data", event.data))
        }
        #expect(try await Self.events(fixture, id) == stream)
        #expect(try await Self.events(fixture, id, after: stream[4].id) == Array(stream[5...]))
    }

    @Test func aPurgedRunLeavesNoHistory() async throws {
        let fixture = try await QueueFixture()
        let (id, _) = try await Self.finishedRun(fixture)
        let client = RedisClient(configuration: fixture.configuration, connectionCount: 1)
        let store = RunStore(client: client, operations: fixture.operations)
        // Purged once it finished before the cutoff (Redis's clock, in ms).
        try await Eventually.poll("the finished run is purged") {
            try await store.purge(olderThan: .zero).deleted == 1
        }
        await client.shutdown()
        #expect(try await fixture.send(RedisCommand("EXISTS", fixture.keys.history(id), fixture.keys.done(id))) == .integer(0))
    }
}
