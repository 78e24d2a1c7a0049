import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// `GET /v1/runs/{id}/events` of a finished run whose events are folded (`RunEventHistory`), packed
/// with its record (`PackedRun`): the same messages, ids and data, as the stream gave them, and
/// `Last-Event-ID` resumes after any of them; a run finished before histories existed (its stream
/// only), or before runs were packed (its history), streams the same.
@Suite struct FoldedEventStreamTests {
    @Test func sseResumesWithLastEventIDOnAFinishedRunFromItsHistory() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let keys = fixture.queue.keys
            // The old layout first: the stream alone (its grace lifted), as a run that ended before.
            // On a starved machine the stream may be gone before the PERSIST: then another run.
            var found: (run: RunObject, folded: String, packed: [UInt8])?
            for _ in 0..<10 where found == nil {
                let run = try await trigger(client, fixture)
                try await SimulatedWorker.runToSuccess(fixture.queue)
                let folded = try await client.execute(uri: "/v1/runs/\(run.id)/events", method: .get, headers: fixture.read).text
                let packed = try #require(try await fixture.client.send(RedisCommand("GET", keys.done(run.id))).bytes)
                try await fixture.queue.unpackRun(run.id)
                _ = try await fixture.client.send(RedisCommand("DEL", keys.history(run.id)))
                if try await fixture.client.send(RedisCommand("PERSIST", keys.events(run.id))) == .integer(1) {
                    found = (run, folded, packed)
                }
            }
            let (run, folded, packed) = try #require(found, "no run's stream outlived its grace long enough to be kept")
            let fromStream = try await client.execute(uri: "/v1/runs/\(run.id)/events", method: .get, headers: fixture.read).text
            #expect(folded == fromStream)
            let events = EventAndInvokeTests.events(fromStream)
            #expect(events.map(\.type) == ["run.queued", "run.running", "step.started", "step.succeeded", "run.succeeded"])

            // The hash and the history, as a run that ended before runs were packed.
            _ = try await fixture.client.send(RedisCommand("DEL", keys.events(run.id)))
            _ = try await fixture.client.send(RedisCommand("SET", keys.history(run.id), try #require(PackedRun(bytes: packed, runID: run.id)).history))
            #expect(try await client.execute(uri: "/v1/runs/\(run.id)/events", method: .get, headers: fixture.read).text == fromStream)
            // Then the packed run alone, as it is once the stream has expired.
            _ = try await fixture.client.send(RedisCommand("DEL", keys.history(run.id), keys.run(run.id), keys.logs(run.id)))
            _ = try await fixture.client.send(RedisCommand("SET", keys.done(run.id), packed))
            #expect(try await client.execute(uri: "/v1/runs/\(run.id)/events", method: .get, headers: fixture.read).text == fromStream)
            for (index, event) in events.enumerated() {
                var headers = fixture.read
                headers[HeaderNames.lastEventID] = event.id
                let resumed = try await client.execute(uri: "/v1/runs/\(run.id)/events", method: .get, headers: headers)
                #expect(EventAndInvokeTests.events(resumed.text).map(\.id) == events[(index + 1)...].map(\.id))
                #expect(EventAndInvokeTests.events(resumed.text).map(\.data) == events[(index + 1)...].map(\.data))
            }
        }
    }
}
