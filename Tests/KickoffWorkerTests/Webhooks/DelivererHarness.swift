import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import KickoffWorker
import RedisClient

/// A queue namespace of its own, a `WebhookDeliverer` running in this process against it, and the
/// store to look at the outcome. Loopback receivers are allowed; retries are 50 ms apart.
final class DelivererHarness: Sendable {
    let fixture: QueueFixture
    let client: RedisClient
    let store: WebhookStore
    let secret = WebhookSecret.generate()
    let deliverer: WebhookDeliverer
    private let task: Task<Void, Never>

    /// `resolver` answers the SSRF guard's lookups (the system's unless a test plays DNS).
    /// The default timeout is long because the delivery's lease derives from it (2 × timeout + 5 s):
    /// in a suite that shares this process, a lease that runs out mid-delivery sends it again and
    /// the attempts no longer count as the test expects.
    /// `partitions`: runs spread over that many partitions (`KICKOFF_PARTITIONS`), on the one test Redis.
    init(allow: String = "127.0.0.1/32", schedule: String = "50ms,50ms,50ms", timeout: Duration = .seconds(30),
         resolver: HostResolver = HostResolver(), partitions: Int = 1) async throws {
        fixture = try await QueueFixture(retention: .seconds(600), partitions: partitions)
        client = RedisClient(configuration: fixture.configuration, connectionCount: 1)
        store = WebhookStore(client: client, operations: fixture.operations)
        var environment = [WebhookSettings.retryScheduleVariable: schedule]
        if !allow.isEmpty { environment[WebhookSettings.allowVariable] = allow }
        var settings = try WebhookSettings(secret: secret.text, environment: environment)
        settings.timeout = timeout
        let deliverer = WebhookDeliverer(configuration: WebhookDelivererConfiguration(
            redis: fixture.configuration, operations: fixture.operations, settings: settings, pollInterval: .milliseconds(20),
            resolver: resolver))
        self.deliverer = deliverer
        task = Task { await deliverer.run() }
    }

    deinit {
        task.cancel()
    }

    func stop() async {
        deliverer.stop()
        await task.value
        await client.shutdown()
    }

    /// Stops as a drain whose grace ran out does: deliveries under way are cut short.
    func cutShort() async {
        deliverer.stop()
        task.cancel()
        await task.value
    }

    /// A run with `callback`, claimed and finished (succeeded, or failed for good); returns its id.
    /// `partition`: the partition it is made in (with partitions; else any).
    @discardableResult
    func finishRun(callback: String?, failing: Bool = false, partition: Int? = nil) async throws -> String {
        var run = NewRun(pipeline: "demo", parameters: ["a": ["x": .integer(1)]], stepNames: ["a"], callbackURL: callback)
        if let partition { run.id = RunID.make(partition: partition) }
        try await fixture.blocking { [run] queue in
            try queue.enqueue(run)
            guard let claimed = try queue.claim(worker: "test/1", lease: .seconds(30)) else { throw TestSupportError("nothing to claim") }
            if failing {
                _ = try queue.failAttempt(claimed, error: RunError(step: "a", message: "boom"), backoff: .zero)
            } else {
                _ = try queue.finish(claimed, status: .succeeded, outputs: .object(["accuracy": .number(0.5)]), error: nil)
            }
        }
        return run.id
    }

    func delivery(_ runID: String, target: String = "callback") async throws -> WebhookDelivery? {
        try await store.delivery(id: "\(runID)_\(target)")
    }

    /// Polls until the delivery is delivered or dead; returns it.
    func settled(_ runID: String, target: String = "callback") async throws -> WebhookDelivery {
        // The deliverer shares this process with the whole suite: a generous deadline, it only bounds a failure.
        try await Eventually.poll("webhook of \(runID) settles", deadline: .seconds(60)) {
            let state = try await self.delivery(runID, target: target)?.state
            return state == .delivered || state == .dead
        }
        guard let delivery = try await delivery(runID, target: target) else { throw TestSupportError("delivery vanished") }
        return delivery
    }
}
