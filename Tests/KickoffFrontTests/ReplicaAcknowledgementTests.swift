import Foundation
import Hummingbird
import HummingbirdTesting
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// `KICKOFF_REDIS_MIN_REPLICAS`: a trigger no replica confirmed is not answered 202.
@Suite struct ReplicaAcknowledgementTests {
    /// The test Redis has no replica: WAIT counts 0, the front answers 503, and the Idempotency-Key
    /// stays claimed (the run is on the primary, so a retry must not store a second one).
    @Test func aTriggerNoReplicaConfirmedIs503AndItsKeyStaysClaimed() async throws {
        var redis = try await TestRedis.configuration()
        redis.replicaAcknowledgement = ReplicaAcknowledgement(replicas: 1, timeout: .milliseconds(50))
        let fixture = try await FrontFixture(redis: redis)
        let headers = HTTPFields.json(fixture.triggerKey, extra: [("Idempotency-Key", "unconfirmed")])
        let (first, retry) = try await fixture.test { client in
            (try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: headers, body: #"{"parameters":{"source":"s"}}"#.buffer),
             try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: headers, body: #"{"parameters":{"source":"s"}}"#.buffer))
        }
        #expect(first.status == .serviceUnavailable)
        #expect(first.header("Retry-After") != nil)
        #expect(first.text.contains("no replica confirmed"), "\(first.text)")
        #expect(retry.status == .conflict)
        // Stored on the primary all the same: one run, not two.
        #expect(try await fixture.queue.send(RedisCommand("ZCARD", fixture.queue.keys.runsIndex)) == .integer(1))
    }
}
