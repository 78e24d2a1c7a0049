import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

@Suite struct EventAndInvokeTests {
    /// `(id, event)` of each SSE message.
    static func events(_ text: String) -> [(id: String, type: String, data: String)] {
        text.components(separatedBy: "\n\n").compactMap { block in
            var id = "", type = "", data = ""
            for line in block.split(separator: "\n") {
                if line.hasPrefix("id: ") { id = String(line.dropFirst(4)) }
                if line.hasPrefix("event: ") { type = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
            }
            return type.isEmpty ? nil : (id, type, data)
        }
    }

    @Test func sseReplaysEveryEventHonoursLastEventIDAndCloses() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let run = try await trigger(client, fixture)
            try await SimulatedWorker.runToSuccess(fixture.queue)

            // The body is complete only because the stream closed after run.succeeded.
            let stream = try await client.execute(uri: "/v1/runs/\(run.id)/events", method: .get, headers: fixture.read)
            #expect(stream.status == .ok)
            #expect(stream.headers[.contentType] == "text/event-stream")
            let events = Self.events(stream.text)
            #expect(events.map(\.type) == ["run.queued", "run.running", "step.started", "step.succeeded", "run.succeeded"])
            #expect(events.allSatisfy { !$0.id.isEmpty && $0.data.contains(run.id) })

            var headers = fixture.read
            headers[HeaderNames.lastEventID] = events[2].id
            let resumed = try await client.execute(uri: "/v1/runs/\(run.id)/events", method: .get, headers: headers)
            #expect(Self.events(resumed.text).map(\.type) == ["step.succeeded", "run.succeeded"])

            headers[HeaderNames.lastEventID] = "garbage"
            let bad = try await client.execute(uri: "/v1/runs/\(run.id)/events", method: .get, headers: headers)
            #expect(bad.status == .badRequest)
            let missing = try await client.execute(uri: "/v1/runs/\(RunID.make())/events", method: .get, headers: fixture.read)
            #expect(missing.status == .notFound)
        }
    }

    @Test func sseFollowsARunThatIsStillGoing() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let run = try await trigger(client, fixture)
            async let stream = client.execute(uri: "/v1/runs/\(run.id)/events", method: .get, headers: fixture.read)
            // The worker finishes once the stream is open and waiting (its reader is connected).
            try await Eventually.poll("an event stream is open") {
                try await fixture.client.send(RedisCommand("CLIENT", "LIST")).string?.contains("cmd=xread") == true
            }
            try await SimulatedWorker.runToSuccess(fixture.queue)
            let events = Self.events(try await stream.text)
            #expect(events.first?.type == "run.queued")
            #expect(events.last?.type == "run.succeeded")
        }
    }

    @Test func invokeReturnsOutputsWhenTheRunFinishesInTime() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            async let invoked = client.execute(uri: "/v1/pipelines/etl/invoke?timeout=60", method: .post, headers: .json(fixture.triggerKey),
                                               body: #"{"parameters":{"source":"s"}}"#.buffer)
            try await Eventually.poll("the invoked run is queued") {
                try await fixture.client.send(RedisCommand("LLEN", fixture.queue.keys.queued(queue: "default", priority: .normal, group: "key:ci"))).int == 1
            }
            let finished = try await SimulatedWorker.runToSuccess(fixture.queue, outputs: .object(["rows": .integer(42)]))
            let response = try await invoked
            #expect(response.status == .ok)
            let object = response.object
            #expect(object["success"] == .bool(true))
            #expect(object["outputs"] == .object(["rows": .integer(42)]))
            #expect(object["error"] == nil)
            guard case .object(let metadata)? = object["metadata"] else { Issue.record("no metadata: \(response.text)"); return }
            #expect(metadata["run_id"]?.stringValue == finished)
            #expect(metadata["pipeline_name"] == .string("etl"))
            #expect(metadata["parameters_used"] == .object(["extract": .object(["source": .string("s")])]))
            if case .number = object["execution_time"] {} else if case .integer = object["execution_time"] {} else {
                Issue.record("execution_time is not a number: \(response.text)")
            }
        }
    }

    @Test func invokeAnswers202WithTheRunAtTheDeadline() async throws {
        let fixture = try await FrontFixture()
        let (response, badTimeout) = try await fixture.test { client in
            (try await client.execute(uri: "/v1/pipelines/etl/invoke?timeout=0", method: .post, headers: .json(fixture.triggerKey),
                                      body: #"{"parameters":{"source":"s"}}"#.buffer),
             try await client.execute(uri: "/v1/pipelines/etl/invoke?timeout=301", method: .post, headers: .json(fixture.triggerKey),
                                      body: #"{"parameters":{"source":"s"}}"#.buffer))
        }
        #expect(response.status == .accepted)
        let run = try #require(response.runObject)
        #expect(run.status == .queued)
        #expect(response.headers[.location] == "/v1/runs/\(run.id)")
        #expect(badTimeout.status == .unprocessableContent)
        #expect(badTimeout.problemFields == ["timeout"])
    }
}
