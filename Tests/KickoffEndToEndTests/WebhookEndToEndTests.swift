import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Webhooks from real `kickoff worker` processes.
@Suite struct WebhookEndToEndTests {
    static let pipelines = """
    pipelines:
      quick:
        steps:
          only: {run: [python3, step.py, echo]}
    """

    /// kill -9 of the worker while its webhook request hangs: the delivery's lease runs out and
    /// another worker sends it; the receiver gets the event, with the same webhook-id.
    @Test func killingTheDeliveringWorkerMidDeliveryLosesNoEvent() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        // The receiver itself kills the delivering worker as its first request arrives: mid-delivery
        // whatever the machine's load (a kill from the test after a poll could come after the
        // request's own timeout and retry).
        let doomedPID = PIDBox()
        let receiver = try await WebhookReceiver { request in
            guard request.index == 0 else { return .status(200) }
            doomedPID.kill()
            return .hang
        }
        let secret = WebhookSecret.generate()
        let environment = [
            EnvironmentVariable.webhookSecret: secret.text,
            WebhookSettings.allowVariable: "127.0.0.1/32",
            WebhookSettings.retryScheduleVariable: "50ms,50ms",
            // The lease (twice this plus 5 s) is what the rescuer waits out.
            WebhookSettings.timeoutVariable: "3s",
        ]
        let doomed = try fixture.startWorker("doomed", environment: environment)
        doomedPID.set(doomed.pid)
        let pipeline = try fixture.pipeline("quick")
        let run = NewRun(pipeline: pipeline, parameters: try pipeline.resolve(TriggerValues()).get(), callbackURL: receiver.url)
        try await fixture.queue.blocking { try $0.enqueue(run) }

        try await Eventually.poll("the receiver got the first request") { !receiver.requests.isEmpty }
        _ = try await doomed.waitForExit()
        #expect(receiver.requests.count == 1)
        let client = RedisClient(configuration: fixture.queue.configuration, connectionCount: 1)
        let store = WebhookStore(client: client, operations: fixture.queue.operations)
        // Nobody else is running: the dead worker's claim stays as it was until the rescuer comes.
        #expect(try await store.delivery(id: "\(run.id)_callback")?.state == .inflight)

        try fixture.startWorker("rescuer", environment: environment)
        try await Eventually.poll("the event is delivered by the rescuer", deadline: .seconds(40)) {
            try await store.delivery(id: "\(run.id)_callback")?.state == .delivered
        }
        let requests = receiver.requests
        #expect(requests.count == 2, "\(fixture.workerLogs())")
        #expect(Set(requests.compactMap { $0.headers["webhook-id"] }).count == 1)
        let delivered = try #require(requests.last)
        try WebhookVerifier(secrets: [secret]).verify(
            id: delivered.headers["webhook-id"], timestamp: delivered.headers["webhook-timestamp"],
            signatures: delivered.headers["webhook-signature"], body: delivered.body, now: Int64(Date().timeIntervalSince1970))
        #expect(try await fixture.record(run.id)?.status == .succeeded)
        // The lost attempt was never recorded: one attempt, the one that delivered.
        #expect(try await store.deliveries(runID: run.id).map(\.statusCode) == [200])
        await client.shutdown()
        await receiver.close()
    }
}

/// The pid of the worker to kill, set once it is started and read on the receiver's event loop.
private final class PIDBox: @unchecked Sendable {
    // @unchecked: `pid` is only touched under `lock`.
    private let lock = NSLock()
    private var pid: Int32 = 0

    func set(_ pid: Int32) {
        lock.withLock { self.pid = pid }
    }

    func kill() {
        let pid = lock.withLock { self.pid }
        if pid > 0 { Foundation.kill(pid, SIGKILL) }
    }
}
