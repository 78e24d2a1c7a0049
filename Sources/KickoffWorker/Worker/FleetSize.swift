import Synchronization

/// How many workers serve this worker's first queue, as its last presence call counted
/// (`WorkerPresence`): what spreads the fleet's idle looks at the webhook outbox, so that they add
/// up to a fixed rate whatever the fleet's size (`WebhookDelivererConfiguration.idlePause`).
public final class FleetSize: Sendable {
    private let workers = Atomic<Int>(1)

    public init() {}

    public var count: Int { workers.load(ordering: .relaxed) }

    func update(_ count: Int) {
        workers.store(max(1, count), ordering: .relaxed)
    }
}
