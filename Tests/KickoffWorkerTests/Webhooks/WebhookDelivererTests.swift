import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import KickoffWorker
import RedisClient
import Synchronization
import Testing

/// The deliverer against a real Redis and a real HTTP receiver on loopback.
@Suite struct WebhookDelivererTests {
    @Test func aReceiverThatFailsThreeTimesGetsOneDeliveryAfterFourAttempts() async throws {
        let harness = try await DelivererHarness()
        let receiver = try await WebhookReceiver { request in request.index < 3 ? .status(503) : .status(200) }
        let runID = try await harness.finishRun(callback: receiver.url)
        let delivery = try await harness.settled(runID)
        #expect(delivery.state == .delivered)
        #expect(delivery.attempts == 4)
        let attempts = try await harness.store.deliveries(runID: runID)
        #expect(attempts.map(\.attempt) == [1, 2, 3, 4])
        #expect(attempts.map(\.statusCode) == [503, 503, 503, 200])
        #expect(attempts.map(\.error) == ["HTTP 503", "HTTP 503", "HTTP 503", nil])
        let requests = receiver.requests
        #expect(requests.count == 4)
        #expect(requests.filter { $0.index == 3 }.count == 1)
        // The same event id every time, so the receiver can dedupe.
        #expect(Set(requests.compactMap { $0.headers["webhook-id"] }) == [delivery.eventID])
        await harness.stop()
        await receiver.close()
    }

    @Test func theReceiverGetsASignedStandardWebhook() async throws {
        let harness = try await DelivererHarness()
        let receiver = try await WebhookReceiver()
        let runID = try await harness.finishRun(callback: receiver.url, failing: true)
        #expect(try await harness.settled(runID).state == .delivered)
        let request = try #require(receiver.requests.first)
        #expect(request.headers["content-type"] == "application/json")
        try WebhookVerifier(secrets: [harness.secret]).verify(
            id: request.headers["webhook-id"], timestamp: request.headers["webhook-timestamp"],
            signatures: request.headers["webhook-signature"], body: request.body, now: Int64(Date().timeIntervalSince1970))
        let body = try JSONDecoder().decode(JSONValue.self, from: Data(request.body))
        let object = try #require(body.objectValue)
        #expect(object["type"] == .string("run.failed"))
        #expect(object["timestamp"]?.stringValue?.hasSuffix("Z") == true)
        let data = try #require(object["data"]?.objectValue)
        #expect(data["id"] == .string(runID))
        #expect(data["status"] == .string("failed"))
        #expect(data["error"]?.objectValue?["message"] == .string("boom"))
        #expect(data["steps"]?.arrayValue?.count == 1)
        await harness.stop()
        await receiver.close()
    }

    @Test func aReceiverDownForGoodEndsAsADeadLetterAndRedeliveryWorksOnceItIsBack() async throws {
        let harness = try await DelivererHarness(schedule: "50ms,50ms")
        let port = try FreePort.find()
        let url = "http://127.0.0.1:\(port)/hook"
        let runID = try await harness.finishRun(callback: url)
        let dead = try await harness.settled(runID)
        #expect(dead.state == .dead)
        #expect(dead.attempts == 3)
        let failed = try await harness.store.deliveries(runID: runID)
        #expect(failed.allSatisfy { $0.statusCode == nil })
        // Said plainly: not SwiftNIO's "connection reset (error set): Connection refused) (errno: 111)".
        #expect(failed.map(\.error) == ["connection refused", "connection refused", "connection refused (gave up after 3 attempts)"])
        #expect(dead.lastError == "connection refused (gave up after 3 attempts)")
        #expect(try await harness.store.deadLetters().deliveries.map(\.id) == [dead.id])

        let receiver = try await WebhookReceiver(port: port)
        #expect(try await harness.store.redeliver(id: dead.id) == .ok)
        try await Eventually.poll("the redelivered webhook is delivered") {
            try await harness.delivery(runID)?.state == .delivered
        }
        #expect(receiver.requests.count == 1)
        #expect(try await harness.store.deadLetters().deliveries.isEmpty)
        #expect(try await harness.store.deliveries(runID: runID).last?.statusCode == 204)
        await harness.stop()
        await receiver.close()
    }

    @Test func aClientErrorIsADeadLetterAtOnceAndRetryAfterIsHonoured() async throws {
        let harness = try await DelivererHarness()
        let gone = try await WebhookReceiver { _ in .status(410) }
        let limited = try await WebhookReceiver { request in
            request.index == 0 ? .status(429, headers: ["retry-after": "1"]) : .status(200)
        }
        let goneRun = try await harness.finishRun(callback: gone.url)
        let limitedRun = try await harness.finishRun(callback: limited.url)
        let dead = try await harness.settled(goneRun)
        #expect(dead.state == .dead)
        #expect(dead.attempts == 1)
        #expect(try await harness.settled(limitedRun).state == .delivered)
        let attempts = try await harness.store.deliveries(runID: limitedRun)
        #expect(attempts.map(\.statusCode) == [429, 200])
        // The second attempt waited for the Retry-After second, not the 50 ms of the schedule.
        #expect(attempts[1].at - attempts[0].at >= 1000)
        await harness.stop()
        await gone.close()
        await limited.close()
    }

    @Test func aPrivateAddressIsRefusedAtDeliveryTime() async throws {
        // No allow list: loopback is off limits, whether as a literal or as a name resolving to it.
        let harness = try await DelivererHarness(allow: "")
        let receiver = try await WebhookReceiver()
        let literal = try await harness.finishRun(callback: receiver.url)
        let named = try await harness.finishRun(callback: "http://localhost:\(receiver.port)/hook")
        for runID in [literal, named] {
            let delivery = try await harness.settled(runID)
            #expect(delivery.state == .dead)
            #expect(delivery.attempts == 1)
            #expect(delivery.lastError?.contains("loopback, private") == true, "\(delivery.lastError ?? "")")
        }
        #expect(receiver.requests.isEmpty)
        await harness.stop()
        await receiver.close()
    }

    @Test func aHostThatRebindsBetweenCheckAndConnectNeverReachesLoopback() async throws {
        // DNS the test controls: the guard's lookup gets a public address (TEST-NET-3), any later
        // lookup loopback. The host has capital letters, as written in the URL the HTTP client reads;
        // and it is `localhost` whatever the case, so the system's resolver (the client's own, were the
        // checked address not pinned under exactly its name) answers loopback as well.
        let lookups = Mutex<[String]>([])
        let checked = try #require(IPAddress("203.0.113.7")), loopback = try #require(IPAddress("127.0.0.1"))
        let resolver = HostResolver { host in
            let count = lookups.withLock { $0.append(host); return $0.count }
            return .success([count == 1 ? checked : loopback])
        }
        let harness = try await DelivererHarness(allow: "", schedule: "none", timeout: .seconds(2), resolver: resolver)
        let receiver = try await WebhookReceiver()  // on 127.0.0.1: must never be reached
        let runID = try await harness.finishRun(callback: "http://LocalHost:\(receiver.port)/hook")
        let delivery = try await harness.settled(runID)
        #expect(delivery.state == .dead)
        #expect(delivery.attempts == 1)
        #expect(receiver.requests.count == 0, "the webhook reached the loopback listener")
        // Every lookup is the guard's, under the lower-cased name (a busy machine may time the first
        // connection out and look again: that answer is loopback, and refused by the guard).
        let seen = lookups.withLock { $0 }
        #expect(!seen.isEmpty && seen.allSatisfy { $0 == "localhost" }, "\(seen)")
        await harness.stop()
        await receiver.close()
    }

    @Test func configuredEndpointsReceiveOnlyTheirSubscribedEvents() async throws {
        let harness = try await DelivererHarness()
        let everything = try await WebhookReceiver()
        let failures = try await WebhookReceiver()
        let allID = try await harness.store.addEndpoint(url: everything.url, policy: try CallbackURLPolicy(allowList: "127.0.0.1"))
        let failedID = try await harness.store.addEndpoint(url: failures.url, events: [.runFailed], policy: try CallbackURLPolicy(allowList: "127.0.0.1"))
        let succeeded = try await harness.finishRun(callback: nil)
        let failed = try await harness.finishRun(callback: nil, failing: true)
        #expect(try await harness.settled(succeeded, target: allID).state == .delivered)
        #expect(try await harness.settled(failed, target: allID).state == .delivered)
        #expect(try await harness.settled(failed, target: failedID).state == .delivered)
        #expect(try await harness.delivery(succeeded, target: failedID) == nil)
        func types(_ receiver: WebhookReceiver) throws -> [String] {
            try receiver.requests.map { try JSONDecoder().decode(JSONValue.self, from: Data($0.body)).objectValue?["type"]?.stringValue ?? "" }.sorted()
        }
        #expect(try types(everything) == ["run.failed", "run.succeeded"])
        #expect(try types(failures) == ["run.failed"])
        await harness.stop()
        await everything.close()
        await failures.close()
    }
}

extension WebhookDelivererTests {
    /// A drain whose grace runs out hands the delivery under way back at once, no attempt counted.
    @Test func aDeliveryCutShortByTheDrainGoesBackInLine() async throws {
        let harness = try await DelivererHarness(timeout: .seconds(30))
        let receiver = try await WebhookReceiver { _ in .hang }
        let runID = try await harness.finishRun(callback: receiver.url)
        try await Eventually.poll("the receiver got the request") { !receiver.requests.isEmpty }
        await harness.cutShort()
        let delivery = try #require(try await harness.delivery(runID))
        #expect(delivery.state == .pending)
        #expect(delivery.attempts == 0)
        #expect(try await harness.store.deliveries(runID: runID).isEmpty)
        let due = try await harness.fixture.send(RedisCommand("ZSCORE", harness.fixture.keys.webhooksDue, delivery.id))
        #expect(!due.isNull)
        await harness.client.shutdown()
        await receiver.close()
    }
}
