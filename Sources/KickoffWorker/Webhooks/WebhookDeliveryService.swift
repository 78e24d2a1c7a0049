import Dispatch
import KickoffModel
import Logging

/// The webhook deliverer of a worker process, as `runWorker` (synchronous, on its own thread)
/// starts, drains and waits for it.
final class WebhookDeliveryService: Sendable {
    private let deliverer: WebhookDeliverer
    private let task: Task<Void, Never>
    private let stopped = StopSignal()

    private init(deliverer: WebhookDeliverer) {
        self.deliverer = deliverer
        let stopped = self.stopped
        task = Task {
            await deliverer.run()
            stopped.stop()
        }
    }

    static func start(_ configuration: WebhookDelivererConfiguration, logger: Logger) -> WebhookDeliveryService {
        WebhookDeliveryService(deliverer: WebhookDeliverer(configuration: configuration, logger: logger))
    }

    /// Stops claiming; deliveries under way may finish within `grace`, then they are cut short and
    /// handed back for another worker.
    func drain(grace: Duration) {
        deliverer.stop()
        let task = self.task
        Task {
            try? await Task.sleep(for: grace)
            task.cancel()
        }
    }

    /// Blocks the calling thread (never a Swift concurrency one) until the deliverer has stopped.
    /// Without a drain it stops it at once.
    func waitUntilStopped() {
        deliverer.stop()
        stopped.wait()
    }
}
