import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

@Suite struct IdempotencyAndOutageTests {
    @Test func sameKeySameBodyReplaysDifferentBodyIs422() async throws {
        let fixture = try await FrontFixture()
        let body = #"{"parameters":{"source":"s"}}"#
        let headers = HTTPFields.json(fixture.triggerKey, extra: [("Idempotency-Key", "order-17")])
        let (first, second, different, zenFirst, zenSecond) = try await fixture.test { client in
            (try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: headers, body: body.buffer),
             try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: headers, body: body.buffer),
             try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: headers, body: #"{"parameters":{"source":"t"}}"#.buffer),
             try await client.execute(uri: "/trigger", method: .post, headers: .json(fixture.triggerKey, extra: [("Idempotency-Key", "z")]),
                                      body: #"{"pipeline_name":"etl","steps":{"extract":{"parameters":{"source":"s"}}}}"#.buffer),
             try await client.execute(uri: "/trigger", method: .post, headers: .json(fixture.triggerKey, extra: [("Idempotency-Key", "z")]),
                                      body: #"{"pipeline_name":"etl","steps":{"extract":{"parameters":{"source":"s"}}}}"#.buffer))
        }
        #expect(first.status == .accepted)
        #expect(second.status == .ok)
        #expect(second.runObject?.id == first.runObject?.id)
        #expect(second.headers[.location] == first.headers[.location])
        #expect(different.status == .unprocessableContent)
        #expect(different.problemFields == ["Idempotency-Key"])
        #expect(zenFirst.status == .accepted)
        #expect(zenSecond.status == .ok)
        #expect(zenSecond.object["run_id"] == zenFirst.object["run_id"])
        // Two runs stored in all: the replays stored nothing.
        #expect(try await fixture.queue.send(RedisCommand("ZCARD", fixture.queue.keys.runsIndex)) == .integer(2))
    }

    @Test func aDuplicateWhileTheFirstIsInFlightIs409() async throws {
        let fixture = try await FrontFixture()
        let body = #"{"parameters":{"source":"s"}}"#
        // The first request has claimed the key and not finished yet (as another front would have).
        let store = fixture.front.state.store.idempotency(ttl: .seconds(60))
        let key = store.key(apiKeyName: "ci", idempotencyKey: "k1")
        let claim = try await store.begin(key: key, fingerprint: IdempotencyStore.fingerprint(route: "runs:etl", body: Array(body.utf8)))
        #expect(claim == .claimed)
        let (duplicate, otherBody) = try await fixture.test { client in
            (try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post,
                                      headers: .json(fixture.triggerKey, extra: [("Idempotency-Key", "k1")]), body: body.buffer),
             try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post,
                                      headers: .json(fixture.triggerKey, extra: [("Idempotency-Key", "k1")]), body: "{}".buffer))
        }
        #expect(duplicate.status == .conflict)
        #expect(duplicate.headers[.contentType] == "application/problem+json")
        #expect(otherBody.status == .unprocessableContent)
        #expect(try await fixture.queue.send(RedisCommand("ZCARD", fixture.queue.keys.runsIndex)) == .integer(0))
    }

    @Test func concurrentDuplicatesStoreOneRun() async throws {
        let fixture = try await FrontFixture()
        let body = #"{"parameters":{"source":"s"}}"#
        let statuses = try await fixture.test { client in
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post,
                                                 headers: .json(fixture.triggerKey, extra: [("Idempotency-Key", "burst")]), body: body.buffer).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(statuses.filter { $0 == .accepted }.count == 1)
        #expect(statuses.allSatisfy { [.accepted, .ok, .conflict].contains($0) })
        #expect(try await fixture.queue.send(RedisCommand("ZCARD", fixture.queue.keys.runsIndex)) == .integer(1))
    }

    @Test func redisDownAnswers503WithRetryAfterAndTheFrontRecovers() async throws {
        // Persistent, so the keys and the run stored before the crash are there after the restart.
        let server = try RedisServerProcess(extraArguments: ["--appendonly", "yes", "--appendfsync", "always"])
        defer { server.kill() }
        try await server.start()
        let fixture = try await FrontFixture(redis: server.configuration)
        let body = #"{"parameters":{"source":"s"}}"#
        try await fixture.test { client in
            let before = try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey), body: body.buffer)
            #expect(before.status == .accepted)

            try await server.crash()
            for uri in ["/v1/pipelines/etl/runs", "/trigger"] {
                let response = try await client.execute(uri: uri, method: .post, headers: .json(fixture.triggerKey), body: body.buffer)
                #expect(response.status == .serviceUnavailable, "\(uri): \(response.text)")
                #expect(response.headers[.retryAfter] == "1")
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .serviceUnavailable)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)

            try await server.start()
            try await Eventually.poll("the front serves triggers again") {
                try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey), body: body.buffer).status == .accepted
            }
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            let stored = try #require(before.runObject)
            #expect(try await client.execute(uri: "/v1/runs/\(stored.id)", method: .get, headers: fixture.read).status == .ok)
        }
    }
}
