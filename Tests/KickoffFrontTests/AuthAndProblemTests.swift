import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

@Suite struct AuthAndProblemTests {
    @Test func everyAnswerSaysNoSniffJSONProblemsAndNotFoundIncluded() async throws {
        let fixture = try await FrontFixture()
        let responses = try await fixture.test { client in
            [try await client.execute(uri: "/healthz", method: .get),
             try await client.execute(uri: "/v1/pipelines", method: .get, headers: fixture.bearer(fixture.readKey)),
             try await client.execute(uri: "/v1/pipelines", method: .get),
             try await client.execute(uri: "/v1/no-such-route", method: .get),
             try await client.execute(uri: "/openapi.yaml", method: .get)]
        }
        #expect(responses.map(\.status) == [.ok, .ok, .unauthorized, .notFound, .ok])
        for response in responses {
            #expect(response.headers[HeaderNames.contentTypeOptions] == "nosniff")
        }
    }

    @Test func missingOrUnknownKeysGet401WithWWWAuthenticate() async throws {
        let fixture = try await FrontFixture()
        let responses = try await fixture.test { client in
            [try await client.execute(uri: "/v1/pipelines", method: .get),
             try await client.execute(uri: "/v1/pipelines", method: .get, headers: fixture.bearer("kk_unknown")),
             try await client.execute(uri: "/v1/pipelines", method: .get, headers: [.authorization: "Basic abc"]),
             try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: fixture.bearer("not-even-a-key"))]
        }
        for response in responses {
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            #expect(response.headers[.contentType] == "application/problem+json")
        }
    }

    @Test func bothHeaderStylesWorkAndScopesAreEnforced() async throws {
        let fixture = try await FrontFixture()
        let admin = try await fixture.keys.create(name: "root", scopes: [.admin]).key
        let (bearer, xAPIKey, forbidden, adminTrigger) = try await fixture.test { client in
            (try await client.execute(uri: "/v1/pipelines", method: .get, headers: fixture.bearer(fixture.readKey)),
             try await client.execute(uri: "/v1/pipelines", method: .get, headers: [HeaderNames.apiKey: fixture.readKey]),
             try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: [HeaderNames.apiKey: fixture.readKey],
                                      body: #"{"parameters":{"source":"a"}}"#.buffer),
             try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: fixture.bearer(admin),
                                      body: #"{"parameters":{"source":"a"}}"#.buffer))
        }
        #expect(bearer.status == .ok)
        #expect(xAPIKey.status == .ok)
        #expect(forbidden.status == .forbidden)
        #expect(forbidden.object["detail"]?.stringValue?.contains("trigger") == true)
        #expect(adminTrigger.status == .accepted)
    }

    @Test func keysAreStoredOnlyAsDigestsAndCanBeRevoked() async throws {
        let fixture = try await FrontFixture()
        let (key, record) = try await fixture.keys.create(name: "temp", scopes: [.read])
        #expect(key.hasPrefix("kk_") && key.count == 46)
        #expect(record.scopes == [.read])
        let stored = try await fixture.queue.send(RedisCommand("HGETALL", fixture.queue.keys.prefix + "keys"))
        #expect(!"\(stored)".contains(key))
        #expect("\(stored)".contains(APIKeyMaterial.digest(key)))
        await #expect(throws: APIKeyError.nameTaken("temp")) { try await fixture.keys.create(name: "temp", scopes: [.read]) }
        #expect(try await fixture.keys.list().map(\.name) == ["ci", "dashboard", "temp"])

        let used = try await fixture.test { client in
            try await client.execute(uri: "/v1/pipelines", method: .get, headers: fixture.bearer(key))
        }
        #expect(used.status == .ok)
        #expect(try await fixture.keys.list().first { $0.name == "temp" }?.lastUsedAt != nil)

        #expect(try await fixture.keys.revoke(name: "temp"))
        #expect(try await fixture.keys.revoke(name: "temp") == false)
        let revoked = try await fixture.test { client in
            try await client.execute(uri: "/v1/pipelines", method: .get, headers: fixture.bearer(key))
        }
        #expect(revoked.status == .unauthorized)
    }

    @Test func unknownRoutesAndWrongMethodsAreProblemDocuments() async throws {
        let fixture = try await FrontFixture()
        let (unknown, wrongMethod, wrongMethodWithParameter, badRunID, unknownRun) = try await fixture.test { client in
            (try await client.execute(uri: "/v2/nothing", method: .get),
             try await client.execute(uri: "/v1/pipelines", method: .delete, headers: fixture.read),
             try await client.execute(uri: "/v1/runs/abc/cancel", method: .get, headers: fixture.read),
             try await client.execute(uri: "/v1/runs/..%2F..%2Fetc", method: .get, headers: fixture.read),
             try await client.execute(uri: "/v1/runs/\(RunID.make())", method: .get, headers: fixture.read))
        }
        #expect(unknown.status == .notFound)
        #expect(unknown.headers[.contentType] == "application/problem+json")
        #expect(unknown.object["status"] == .integer(404))
        #expect(wrongMethod.status == .methodNotAllowed)
        #expect(wrongMethod.headers[.allow] == "GET")
        #expect(wrongMethod.headers[.contentType] == "application/problem+json")
        #expect(wrongMethodWithParameter.status == .methodNotAllowed)
        #expect(wrongMethodWithParameter.headers[.allow] == "POST")
        #expect(badRunID.status == .notFound)
        #expect(unknownRun.status == .notFound)
    }

    @Test func healthReadinessAndPipelines() async throws {
        let fixture = try await FrontFixture()
        let (health, ready, list, one, missing) = try await fixture.test { client in
            (try await client.execute(uri: "/healthz", method: .get),
             try await client.execute(uri: "/readyz", method: .get),
             try await client.execute(uri: "/v1/pipelines", method: .get, headers: fixture.read),
             try await client.execute(uri: "/v1/pipelines/training_pipeline", method: .get, headers: fixture.read),
             try await client.execute(uri: "/v1/pipelines/nope", method: .get, headers: fixture.read))
        }
        #expect(health.status == .ok)
        #expect(health.object == ["status": .string("ok")])
        #expect(ready.status == .ok)
        #expect(list.status == .ok)
        guard case .array(let pipelines)? = list.object["pipelines"] else { Issue.record("no pipelines: \(list.text)"); return }
        #expect(pipelines.count == 2)
        #expect(one.object["name"] == .string("training_pipeline"))
        #expect(one.text.contains(#""enum":["random_forest","gradient_boosting"]"#))
        #expect(missing.status == .notFound)
    }

    @Test func rateLimitAnswers429WithRetryAfter() async throws {
        let fixture = try await FrontFixture(readRateLimit: RateLimit(requestsPerSecond: 0.01, burst: 2))
        let statuses = try await fixture.test { client in
            var responses: [TestResponse] = []
            for _ in 0..<3 { responses.append(try await client.execute(uri: "/v1/pipelines", method: .get, headers: fixture.read)) }
            // Another key has its own bucket.
            responses.append(try await client.execute(uri: "/v1/pipelines", method: .get, headers: fixture.trigger))
            return responses
        }
        #expect(statuses.map(\.status) == [.ok, .ok, .tooManyRequests, .ok])
        let retryAfter = try #require(statuses[2].headers[.retryAfter].flatMap(Int.init))
        #expect(retryAfter >= 1)
        #expect(statuses[2].headers[.contentType] == "application/problem+json")
    }

    /// Reads and triggers take from separate buckets: polling never eats the trigger budget, and a
    /// key out of triggers can still read.
    @Test func readsAndTriggersHaveBucketsOfTheirOwn() async throws {
        let fixture = try await FrontFixture(rateLimit: RateLimit(requestsPerSecond: 0.01, burst: 2),
                                             readRateLimit: RateLimit(requestsPerSecond: 0.01, burst: 3))
        let statuses = try await fixture.test { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<4 { statuses.append(try await client.execute(uri: "/v1/pipelines", method: .get, headers: fixture.trigger).status) }
            for _ in 0..<3 {
                statuses.append(try await client.execute(uri: "/v1/pipelines/training_pipeline/runs", method: .post, headers: fixture.trigger,
                                                         body: ByteBuffer(string: "{}")).status)
            }
            return statuses
        }
        #expect(statuses == [.ok, .ok, .ok, .tooManyRequests, .accepted, .accepted, .tooManyRequests])
    }
}
