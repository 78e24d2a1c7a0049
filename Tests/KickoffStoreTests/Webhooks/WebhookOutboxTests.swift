import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// The outbox in Redis: written by the script that finishes a run, claimed under a lease, each
/// attempt recorded, dead letters listed and redelivered. No HTTP here: outcomes are recorded by hand.
@Suite struct WebhookOutboxTests {
    struct Harness {
        let fixture: QueueFixture
        let client: RedisClient
        let store: WebhookStore

        init() async throws {
            fixture = try await QueueFixture(retention: .seconds(600))
            client = RedisClient(configuration: fixture.configuration, connectionCount: 1)
            store = WebhookStore(client: client, operations: fixture.operations)
        }

        /// A run with a callback, claimed and finished with `status`; returns its id.
        func finishedRun(_ status: RunStatus, callback: String? = "https://example.com/hook") async throws -> String {
            let run = NewRun(pipeline: "demo", parameters: ["a": [:]], stepNames: ["a"], callbackURL: callback)
            try await fixture.blocking { queue in
                try queue.enqueue(run)
                let claimed = try #require(try queue.claim(worker: "host/1", lease: .seconds(30)))
                if status == .failed {
                    _ = try queue.failAttempt(claimed, error: RunError(step: "a", message: "boom"), backoff: .zero)
                } else {
                    _ = try queue.finish(claimed, status: status, outputs: .object(["n": .integer(1)]), error: nil)
                }
            }
            return run.id
        }

        func due() async throws -> [String] {
            try await fixture.send(RedisCommand("ZRANGE", fixture.keys.webhooksDue, 0, -1)).array?.compactMap(\.string) ?? []
        }
    }

    @Test func finishingARunRecordsItsCallbackDeliveryInTheSameScript() async throws {
        let harness = try await Harness()
        let id = try await harness.finishedRun(.succeeded)
        #expect(try await harness.due() == ["\(id)_callback"])
        let delivery = try #require(try await harness.store.delivery(id: "\(id)_callback"))
        #expect(delivery.type == .runSucceeded)
        #expect(delivery.url == "https://example.com/hook")
        #expect(delivery.runID == id)
        #expect(delivery.eventID == "msg_" + id.replacingOccurrences(of: "-", with: ""))
        #expect(delivery.state == .pending)
        #expect(delivery.attempts == 0)
        // A run without a callback and no endpoints: nothing to deliver.
        let quiet = try await harness.finishedRun(.succeeded, callback: nil)
        #expect(try await harness.due().contains { $0.hasPrefix(quiet) } == false)
    }

    @Test func everyFinalStateRecordsItsEvent() async throws {
        let harness = try await Harness()
        let failed = try await harness.finishedRun(.failed)
        let canceled = NewRun(pipeline: "demo", parameters: ["a": [:]], stepNames: ["a"], callbackURL: "https://example.com/c")
        try await harness.fixture.blocking { queue in
            try queue.enqueue(canceled)
            _ = try queue.cancel(id: canceled.id)
        }
        #expect(try await harness.store.delivery(id: "\(failed)_callback")?.type == .runFailed)
        #expect(try await harness.store.delivery(id: "\(canceled.id)_callback")?.type == .runCanceled)
    }

    @Test func endpointsGetOnlyTheEventsTheySubscribedTo() async throws {
        let harness = try await Harness()
        let all = try await harness.store.addEndpoint(url: "https://all.example.com/")
        let failures = try await harness.store.addEndpoint(url: "https://failures.example.com/", events: [.runFailed])
        let endpoints = try await harness.store.endpoints()
        #expect(Set(endpoints.map(\.id)) == [all, failures])
        #expect(endpoints.first { $0.id == failures }?.events == [.runFailed])

        let succeeded = try await harness.finishedRun(.succeeded, callback: nil)
        let failed = try await harness.finishedRun(.failed, callback: nil)
        let due = Set(try await harness.due())
        #expect(due == ["\(succeeded)_\(all)", "\(failed)_\(all)", "\(failed)_\(failures)"])

        #expect(try await harness.store.removeEndpoint(id: all))
        #expect(try await harness.store.removeEndpoint(id: all) == false)
        #expect(try await harness.store.endpoints().map(\.id) == [failures])
        await #expect(throws: WebhookStoreError.self) { try await harness.store.addEndpoint(url: "http://169.254.169.254/latest") }
    }

    @Test func anAttemptIsRecordedRetriedThenDeadThenRedelivered() async throws {
        let harness = try await Harness()
        let id = try await harness.finishedRun(.succeeded)
        let claim = try await harness.store.claim(token: "t1", lease: .seconds(30), limit: 10)
        let delivery = try #require(claim.deliveries.first)
        #expect(claim.deliveries.count == 1)
        #expect(delivery.state == .inflight)
        // Claimed: nothing else is due, and another deliverer gets nothing.
        #expect(try await harness.store.claim(token: "t2", lease: .seconds(30), limit: 10).deliveries.isEmpty)
        // A stranger's outcome is refused.
        #expect(try await harness.store.record(delivery, token: "t2", outcome: .delivered(statusCode: 200)) == false)

        #expect(try await harness.store.record(delivery, token: "t1", outcome: .retry(statusCode: 503, error: "HTTP 503", after: .zero)))
        let again = try #require(try await harness.store.claim(token: "t1", lease: .seconds(30), limit: 10).deliveries.first)
        #expect(again.attempts == 1)
        #expect(try await harness.store.record(again, token: "t1", outcome: .dead(statusCode: nil, error: "connection refused")))

        let attempts = try await harness.store.deliveries(runID: id)
        #expect(attempts.map(\.attempt) == [1, 2])
        #expect(attempts.map(\.statusCode) == [503, nil])
        #expect(attempts.map(\.error) == ["HTTP 503", "connection refused"])
        #expect(attempts.allSatisfy { $0.url == "https://example.com/hook" && $0.at > 0 })

        let page = try await harness.store.deadLetters()
        #expect(page.deliveries.map(\.id) == [delivery.id])
        #expect(page.deliveries.first?.lastError == "connection refused")
        #expect(page.nextCursor == nil)

        #expect(try await harness.store.redeliver(id: delivery.id) == .ok)
        #expect(try await harness.store.redeliver(id: delivery.id) == .busy)
        #expect(try await harness.store.redeliver(id: "nope") == .missing)
        #expect(try await harness.store.deadLetters().deliveries.isEmpty)
        let redelivered = try #require(try await harness.store.claim(token: "t1", lease: .seconds(30), limit: 10).deliveries.first)
        #expect(redelivered.attempts == 0)
        #expect(try await harness.store.record(redelivered, token: "t1", outcome: .delivered(statusCode: 204)))
        #expect(try await harness.store.delivery(id: delivery.id)?.state == .delivered)
        #expect(try await harness.store.deliveries(runID: id).map(\.statusCode) == [503, nil, 204])
        let ttl = try #require(try await harness.fixture.send(RedisCommand("TTL", harness.fixture.keys.webhookAttempts(runID: id))).int)
        #expect((1...600).contains(ttl))
    }

    @Test func aDeliveryWhoseLeaseRanOutIsDueAgain() async throws {
        let harness = try await Harness()
        _ = try await harness.finishedRun(.succeeded)
        let lost = try #require(try await harness.store.claim(token: "dead", lease: .milliseconds(1), limit: 1).deliveries.first)
        try await Eventually.poll("the lost delivery is handed to another deliverer") {
            let claim = try await harness.store.claim(token: "alive", lease: .seconds(30), limit: 1)
            return claim.deliveries.first?.id == lost.id
        }
        // The first deliverer comes back too late: its outcome is refused.
        #expect(try await harness.store.record(lost, token: "dead", outcome: .delivered(statusCode: 200)) == false)
    }

    @Test func deadLettersArePagedNewestFirst() async throws {
        let harness = try await Harness()
        var ids: [String] = []
        for _ in 0..<5 {
            _ = try await harness.finishedRun(.succeeded)
            let delivery = try #require(try await harness.store.claim(token: "t", lease: .seconds(30), limit: 1).deliveries.first)
            try await harness.store.record(delivery, token: "t", outcome: .dead(statusCode: 410, error: "HTTP 410"))
            ids.append(delivery.id)
        }
        var seen: [String] = []
        var cursor: String?
        repeat {
            let page = try await harness.store.deadLetters(limit: 2, cursor: cursor)
            #expect(page.deliveries.count <= 2)
            seen += page.deliveries.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(Set(seen) == Set(ids))
        #expect(seen.count == 5)
    }
}
