import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// `GET /v1/runs/{id}/events` of a finished run whose events are folded (`RunEventHistory`): the
/// same messages, ids and data, as the stream gave them, and `Last-Event-ID` resumes after any of
/// them; a run finished before histories existed (its stream only) streams the same.
@Suite struct FoldedEventStreamTests {
    @Test func sseResumesWithLastEventIDOnAFinishedRunFromItsHistory() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let run = try await trigger(client, fixture)
            try await SimulatedWorker.runToSuccess(fixture.queue)
            let keys = fixture.queue.keys
            #expect(try await fixture.client.send(RedisCommand("EXISTS", keys.history(run.id))) == .integer(1))

            // The old layout first: the stream alone (copied aside), as a run that ended before.
            let folded = try await client.execute(uri: "/v1/runs/\(run.id)/events", method: .get, headers: fixture.read).text
            let history = try #require(try await fixture.client.send(RedisCommand("GET", keys.history(run.id))).string)
            _ = try await fixture.client.send(RedisCommand("DEL", keys.history(run.id)))
            _ = try await fixture.client.send(RedisCommand("PERSIST", keys.events(run.id)))
            let fromStream = try await client.execute(uri: "/v1/runs/\(run.id)/events", method: .get, headers: fixture.read).text
            #expect(folded == fromStream)
            let events = EventAndInvokeTests.events(fromStream)
            #expect(events.map(\.type) == ["run.queued", "run.running", "step.started", "step.succeeded", "run.succeeded"])

            // Then the history alone, as it is once the stream has expired.
            _ = try await fixture.client.send(RedisCommand("DEL", keys.events(run.id)))
            _ = try await fixture.client.send(RedisCommand("SET", keys.history(run.id), history))
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
