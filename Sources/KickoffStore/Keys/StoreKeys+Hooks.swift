import KickoffModel

/// The inbound hooks' keys (`POST /v1/hooks/{source}`); same hash tag as the queue's, so the hook
/// script enqueues runs and remembers the delivery in one atomic call.
extension StoreKeys {
    /// One delivery id of a source, for the de-duplication window: string `<outcome> <run ids JSON>`.
    public func hookDelivery(source: String, deliveryID: String) -> String {
        prefix + "hook:" + source + ":" + Digests.sha256Hex(Array(deliveryID.utf8))
    }
    /// A source's recent deliveries, newest last: stream of `delivery`, `event`, `outcome`, `runs`, `errors`.
    public func hookDeliveries(source: String) -> String { prefix + "hook:" + source + ":deliveries" }
    /// A source's counters by outcome (`created`, `filtered`, `duplicate`, `invalid_parameters`, `unauthorized`).
    public func hookCounts(source: String) -> String { prefix + "hook:" + source + ":counts" }
    /// With partitions (N > 1): the runs of accepted deliveries not yet enqueued in their partition,
    /// hash of run id → `PendingRun` JSON (`HookStore+Partitions`).
    public var hooksPending: String { prefix + "hooks:pending" }
}
