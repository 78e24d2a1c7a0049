import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// The trigger routes check a key this front read before inside the enqueue script: one round trip
/// per trigger, and still 401 for a revoked key (before 422), 429 over the key's rate.
@Suite struct DeferredKeyCheckTests {
    /// The front's own Redis round trips by command (`kickoff_redis_command_duration_seconds_count`,
    /// labels `HGET`, `script:enqueue`, …), as its `/metrics` says.
    static func redisCalls(_ client: any TestClientProtocol) async throws -> [String: Double] {
        let text = try await client.execute(uri: "/metrics", method: .get).text
        var calls: [String: Double] = [:]
        for sample in try PrometheusExposition(text).samples where sample.name == "kickoff_redis_command_duration_seconds_count" {
            if let command = sample.labels["command"] { calls[command, default: 0] += sample.value }
        }
        return calls
    }

    /// The round trips `request` made: the calls around it, less those a `/metrics` read makes itself.
    static func roundTrips(_ client: any TestClientProtocol, _ request: () async throws -> Void) async throws -> [String: Double] {
        let first = try await redisCalls(client)
        let second = try await redisCalls(client)
        try await request()
        let third = try await redisCalls(client)
        var made: [String: Double] = [:]
        for command in Set(first.keys).union(third.keys) {
            let count = (third[command] ?? 0) - (second[command] ?? 0) - ((second[command] ?? 0) - (first[command] ?? 0))
            if count != 0 { made[command] = count }
        }
        return made
    }

    static let body = #"{"parameters":{"source":"a"}}"#

    @Test func aTriggerWithARememberedKeyIsOneScriptCall() async throws {
        let fixture = try await FrontFixture(rateLimit: RateLimit(requestsPerSecond: 1000, burst: 1000))
        let (native, zenML) = try await fixture.test { client in
            let first = try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey), body: Self.body.buffer)
            #expect(first.status == .accepted)
            let native = try await Self.roundTrips(client) {
                let second = try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey), body: Self.body.buffer)
                #expect(second.status == .accepted)
            }
            let zenML = try await Self.roundTrips(client) {
                let third = try await client.execute(uri: "/trigger", method: .post, headers: .json(fixture.triggerKey),
                                                     body: #"{"pipeline_name":"etl","parameters":{"source":"b"}}"#.buffer)
                #expect(third.status == .accepted)
            }
            return (native, zenML)
        }
        #expect(native == ["script:enqueue": 1], "the front's Redis round trips for one trigger: \(native)")
        #expect(zenML == ["script:enqueue": 1], "the front's Redis round trips for one trigger: \(zenML)")
        #expect(try await fixture.queue.send(RedisCommand("ZCARD", fixture.queue.keys.runsIndex)).int == 3)
    }

    @Test func aRevokedRememberedKeyGets401EvenWithABadBodyAndStoresNothing() async throws {
        let fixture = try await FrontFixture()
        let (key, _) = try await fixture.keys.create(name: "soon-gone", scopes: [.trigger])
        let statuses = try await fixture.test { client in
            let remembered = try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(key), body: Self.body.buffer)
            let invalid = try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(key), body: #"{"parameters":{}}"#.buffer)
            let unknown = try await client.execute(uri: "/v1/pipelines/nope/runs", method: .post, headers: .json(key), body: Self.body.buffer)
            _ = try await fixture.keys.revoke(name: "soon-gone")
            return [remembered.status, invalid.status, unknown.status,
                    try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(key), body: Self.body.buffer).status,
                    try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(key), body: #"{"parameters":{}}"#.buffer).status,
                    try await client.execute(uri: "/trigger", method: .post, headers: .json(key), body: #"{"parameters":{}}"#.buffer).status,
                    try await client.execute(uri: "/v1/pipelines/nope/runs", method: .post, headers: .json(key), body: Self.body.buffer).status]
        }
        #expect(statuses == [.accepted, .unprocessableContent, .notFound, .unauthorized, .unauthorized, .unauthorized, .unauthorized])
        #expect(try await fixture.queue.send(RedisCommand("ZCARD", fixture.queue.keys.runsIndex)).int == 1)
    }

    @Test func aRememberedKeyOverItsRateGets429FromTheScript() async throws {
        let fixture = try await FrontFixture(rateLimit: RateLimit(requestsPerSecond: 0.001, burst: 1))
        let (first, second) = try await fixture.test { client in
            let first = try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey), body: Self.body.buffer)
            var answer: (status: HTTPResponse.Status, retryAfter: String?) = (.ok, nil)
            let calls = try await Self.roundTrips(client) {
                let second = try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey), body: Self.body.buffer)
                answer = (second.status, second.headers[.retryAfter])
            }
            return (first.status, (answer.status, answer.retryAfter, calls))
        }
        #expect(first == .accepted)
        #expect(second.0 == .tooManyRequests)
        #expect(second.1.flatMap(Int.init).map { $0 >= 1 } == true)
        #expect(second.2 == ["script:enqueue": 1], "the front's Redis round trips: \(second.2)")
        #expect(try await fixture.queue.send(RedisCommand("ZCARD", fixture.queue.keys.runsIndex)).int == 1)
    }

    @Test func aChangedKeyRecordIsCheckedAgainAndTheTriggerStillGoesThrough() async throws {
        let fixture = try await FrontFixture()
        let digest = APIKeyMaterial.digest(fixture.triggerKey)
        let statuses = try await fixture.test { client in
            let first = try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey), body: Self.body.buffer)
            // As a write by another process would (its `last_used_at`): the remembered text no longer matches.
            let stored = try await fixture.queue.send(RedisCommand("HGET", fixture.queue.keys.apiKeys, digest)).string ?? ""
            _ = try await fixture.queue.send(RedisCommand("HSET", fixture.queue.keys.apiKeys, digest,
                                                          stored.replacingOccurrences(of: "{", with: "{ ", options: .anchored)))
            let second = try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey), body: Self.body.buffer)
            return [first.status, second.status]
        }
        #expect(statuses == [.accepted, .accepted])
        #expect(try await fixture.queue.send(RedisCommand("ZCARD", fixture.queue.keys.runsIndex)).int == 2)
    }
}
