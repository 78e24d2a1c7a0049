public import KickoffModel

/// Flow control's keys (named queues, fair share, concurrency slots, debounce); see `FlowLua` and KEYS.md.
extension StoreKeys {
    /// The fairness groups with runs in line in one queue and priority, in round-robin order.
    public func ring(queue: String, priority: RunPriority) -> String { prefix + "ring:" + queue + ":" + priority.rawValue }
    /// One fairness group's runs in line, oldest first.
    public func queued(queue: String, priority: RunPriority, group: String) -> String {
        prefix + "queued:" + queue + ":" + priority.rawValue + ":" + group
    }
    /// Wake-up tokens for the idle workers of one queue.
    public func signal(queue: String) -> String { prefix + "signal:" + queue }
    /// The workers serving a queue. Score: until when (ms) each counts as alive.
    public func workers(queue: String) -> String { prefix + "workers:" + queue }
    /// The names of every queue that has had a run.
    public var queueNames: String { prefix + "queues" }
    /// The runs holding one concurrency slot (`<pipeline>:<rule>:<key value>`).
    public func slot(_ slot: String) -> String { prefix + "slot:" + slot }
    /// The runs waiting for one concurrency slot, in order.
    public func slotWaiting(_ slot: String) -> String { prefix + "slot:" + slot + ":waiting" }
    /// Every slot in use → its limit (for maintenance's repair of slots whose holder vanished).
    public var slotLimits: String { prefix + "slots" }
    /// The slots that have runs waiting.
    public var slotsWaiting: String { prefix + "slots:waiting" }
    /// The run gathering one debounce key's triggers.
    public func debounce(_ slot: String) -> String { prefix + "debounce:" + slot }
    /// Runs in a debounce window.
    public var debouncing: String { prefix + "debouncing" }
}
