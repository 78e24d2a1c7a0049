import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import KickoffWorker
import RedisClient
import Synchronization
import Testing

/// The deliverer with runs spread over 3 partitions (`KICKOFF_PARTITIONS=3`) on one Redis: it claims
/// from every partition and records each outcome in the delivery's.
@Suite struct PartitionedWebhookDelivererTests {
    @Test func everyPartitionsWebhooksAreDeliveredOnceEachAfterARetry() async throws {
        let harness = try await DelivererHarness(partitions: 3)
        // Each delivery's first request (by URL and webhook-id) fails: every one is retried once, from its own partition.
        let failedOnce = Mutex<Set<String>>([])
        let receiver = try await WebhookReceiver { request in
            let delivery = request.path + " " + (request.headers["webhook-id"] ?? "")
            return failedOnce.withLock { $0.insert(delivery).inserted } ? .status(503) : .status(200)
        }
        let endpoint = try await harness.store.addEndpoint(url: receiver.url + "/endpoint", policy: try CallbackURLPolicy(allowList: "127.0.0.1"))
        var runs: [String] = []
        for partition in 0..<3 { runs.append(try await harness.finishRun(callback: receiver.url + "/\(partition)", partition: partition)) }
        for (partition, runID) in runs.enumerated() {
            #expect(harness.fixture.keys.partitions.partition(ofRunID: runID) == partition)
            for target in ["callback", endpoint] {
                let delivery = try await harness.settled(runID, target: target)
                #expect(delivery.state == .delivered)
                #expect(delivery.attempts == 2)
            }
            let attempts = try await harness.store.deliveries(runID: runID)
            #expect(attempts.map(\.statusCode).sorted { ($0 ?? 0) < ($1 ?? 0) } == [200, 200, 503, 503])
        }
        // Two requests per delivery (503, then 200), with the same webhook-id: no delivery went out twice.
        let requests = receiver.requests
        #expect(requests.count == 12)
        for path in (0..<3).map({ "/hook/\($0)" }) + ["/hook/endpoint"] {
            let mine = requests.filter { $0.path == path }
            let ids = mine.compactMap { $0.headers["webhook-id"] }
            #expect(mine.count == (path.hasSuffix("endpoint") ? 6 : 2))
            #expect(Set(ids).count * 2 == ids.count, "\(path): \(ids)")
        }
        await harness.stop()
        await receiver.close()
    }
}
