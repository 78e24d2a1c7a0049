import KickoffModel

/// The webhook outbox's keys; same hash tag as the run's, so `finish` can write them in its script.
/// With partitions (N > 1) the outbox is per partition: a delivery, its run's attempts and the
/// due/in-flight/dead sets it is in live in its run's partition (`{ns:i}`), and each partition holds
/// a copy of the endpoints for its `finish` script to read (`WebhookStore+Endpoints`). The
/// endpoints themselves (what `kickoff webhooks list` shows) stay on the namespace's tag.
extension StoreKeys {
    /// Configured endpoints: hash endpoint id → JSON `{"url","events":[…]}` (no events: every event).
    /// On the namespace's keys, the endpoints; on a partition's (N > 1), that partition's copy.
    public var webhookEndpoints: String { prefix + "webhooks:endpoints" }
    /// With N > 1, the version of `webhookEndpoints` (string, ms-based, strictly increasing): on the
    /// namespace's keys the endpoints' own, on a partition's that of the copy it holds; an older copy
    /// never replaces a newer one.
    public var webhookEndpointsVersion: String { prefix + "webhooks:endpoints:version" }
    /// One delivery (an event to one URL): hash, see `WebhookDelivery`; in its run's partition.
    public func webhookDelivery(_ id: String) -> String { runPrefix(WebhookDeliveryID.runID(of: id) ?? "") + "webhook:" + id }
    /// Deliveries waiting for their next attempt. Score: due time (ms). A partition's own (`partition(i)`).
    public var webhooksDue: String { prefix + "webhooks:due" }
    /// Deliveries a deliverer is sending now. Score: lease deadline (ms); past it they are due again.
    public var webhooksInflight: String { prefix + "webhooks:inflight" }
    /// Deliveries given up on. Score: when (ms).
    public var webhooksDead: String { prefix + "webhooks:dead" }
    /// Every attempt for a run's webhooks, oldest first: list of `WebhookAttempt` JSON; in the run's partition.
    public func webhookAttempts(runID: String) -> String { runPrefix(runID) + "deliveries:" + runID }
}
