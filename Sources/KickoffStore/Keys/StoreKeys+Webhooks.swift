/// The webhook outbox's keys; same hash tag as the queue's, so `finish` can write them in its script.
extension StoreKeys {
    /// Configured endpoints: hash endpoint id → JSON `{"url","events":[…]}` (no events: every event).
    public var webhookEndpoints: String { prefix + "webhooks:endpoints" }
    /// One delivery (an event to one URL): hash, see `WebhookDelivery`.
    public func webhookDelivery(_ id: String) -> String { prefix + "webhook:" + id }
    /// Deliveries waiting for their next attempt. Score: due time (ms).
    public var webhooksDue: String { prefix + "webhooks:due" }
    /// Deliveries a deliverer is sending now. Score: lease deadline (ms); past it they are due again.
    public var webhooksInflight: String { prefix + "webhooks:inflight" }
    /// Deliveries given up on. Score: when (ms).
    public var webhooksDead: String { prefix + "webhooks:dead" }
    /// Every attempt for a run's webhooks, oldest first: list of `WebhookAttempt` JSON.
    public func webhookAttempts(runID: String) -> String { prefix + "deliveries:" + runID }
}
