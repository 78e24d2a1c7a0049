import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Webhook-related answers of the front: private callbacks refused at trigger time, dead letters
/// listed and redelivered (scope admin), delivery attempts shown on the run object.
@Suite struct WebhookRouteTests {
    @Test func aPrivateAddressCallbackIsRefusedAtTriggerTime() async throws {
        let fixture = try await FrontFixture()
        for url in ["http://127.0.0.1:9000/hook", "http://10.1.2.3/hook", "http://169.254.169.254/latest", "http://[::1]/x"] {
            let answer = try await fixture.test { client in
                try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey),
                                         body: ByteBuffer(string: #"{"parameters":{"source":"s"},"callback_url":"\#(url)"}"#))
            }
            #expect(answer.status == .unprocessableContent, "\(url): \(answer.text)")
            #expect(answer.problemFields == ["callback_url"])
        }
        let count = try await fixture.client.send(RedisCommand("ZCARD", StoreKeys(namespace: fixture.queue.namespace).runsIndex))
        #expect(count == .integer(0))
    }

    @Test func deadLettersAreListedAndRedeliveredByAnAdminAndShownOnTheRun() async throws {
        let fixture = try await FrontFixture()
        let admin = try await fixture.keys.create(name: "ops", scopes: [.admin]).key
        // A run finished with a callback whose delivery failed for good.
        let (run, delivery) = try await fixture.finishedRunWithDeadLetter()

        let forbidden = try await fixture.test { try await $0.execute(uri: "/v1/webhooks/dead-letters", method: .get, headers: fixture.trigger) }
        #expect(forbidden.status == .forbidden)
        let list = try await fixture.test { try await $0.execute(uri: "/v1/webhooks/dead-letters", method: .get, headers: fixture.bearer(admin)) }
        #expect(list.status == .ok, "\(list.text)")
        guard case .array(let letters)? = list.object["dead_letters"], case .object(let letter)? = letters.first else {
            Issue.record("no dead letters in \(list.text)")
            return
        }
        #expect(letter["id"] == .string(delivery.id))
        #expect(letter["last_status"] == .integer(410))

        let shown = try await fixture.test { try await $0.execute(uri: "/v1/runs/\(run.id)", method: .get, headers: fixture.read) }
        guard case .array(let attempts)? = shown.object["webhook_deliveries"], case .object(let attempt)? = attempts.first else {
            Issue.record("no webhook_deliveries in \(shown.text)")
            return
        }
        #expect(attempt["status_code"] == .integer(410))
        #expect(attempt["url"] == .string("https://example.com/hook"))

        let redelivered = try await fixture.test {
            try await $0.execute(uri: "/v1/webhooks/dead-letters/\(delivery.id)/redeliver", method: .post, headers: fixture.bearer(admin))
        }
        #expect(redelivered.status == .accepted)
        let again = try await fixture.test {
            try await $0.execute(uri: "/v1/webhooks/dead-letters/\(delivery.id)/redeliver", method: .post, headers: fixture.bearer(admin))
        }
        #expect(again.status == .conflict)
        let missing = try await fixture.test {
            try await $0.execute(uri: "/v1/webhooks/dead-letters/nope/redeliver", method: .post, headers: fixture.bearer(admin))
        }
        #expect(missing.status == .notFound)
    }
}

/// Answers that depend on what Redis and Linux can take.
@Suite struct LimitTests {
    @Test func parametersTooLargeForAStepsEnvironmentAreRefusedAtTriggerTime() async throws {
        let fixture = try await FrontFixture()
        let big = String(repeating: "x", count: 130 * 1024)
        let answer = try await fixture.test { client in
            try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey),
                                     body: ByteBuffer(string: #"{"parameters":{"source":"\#(big)"}}"#))
        }
        #expect(answer.status == .unprocessableContent, "\(answer.text)")
        #expect(answer.problemFields == ["steps.extract.parameters"])
    }

    @Test func redisErrorsThatPassAreServiceUnavailable() {
        for message in ["LOADING Redis is loading the dataset in memory", "BUSY Redis is busy running a script",
                        "OOM command not allowed when used memory > 'maxmemory'", "READONLY You can't write against a read only replica."] {
            let error = RedisError.server(command: "EVALSHA", message: message)
            #expect(error.isTransient, "\(message)")
            #expect(StoreError(error).isTransient, "\(message)")
            #expect(ProblemMiddleware.transientStoreError(StoreError(error)) != nil)
            #expect(ProblemMiddleware.transientStoreError(WebhookStoreError.store(StoreError(error))) != nil)
            #expect(ProblemMiddleware.transientStoreError(APIKeyError.store(StoreError(error))) != nil)
        }
        let permanent = RedisError.server(command: "EVALSHA", message: "ERR Error running script")
        #expect(!permanent.isTransient)
        #expect(!StoreError(permanent).isTransient)
        #expect(ProblemMiddleware.transientStoreError(StoreError(permanent)) == nil)
        #expect(ProblemMiddleware.storeError(StoreError(permanent)) != nil)
    }
}

@Suite struct FollowerLimitTests {
    @Test func followersBeyondTheCapGetServiceUnavailableAndPlacesComeBack() async throws {
        let limit = FollowerLimit(maximum: 1)
        let inner: Problem? = try await limit.withPlace {
            do {
                try await limit.withPlace { }
                return nil
            } catch let problem as Problem {
                return problem
            }
        }
        #expect(inner?.status == .serviceUnavailable)
        // The place is given back: the next follower is admitted.
        #expect(try await limit.withPlace { true })
    }
}
