/// The scheduler's keys; same hash tag as the queue's, so a tick fires in the script that enqueues its run.
extension StoreKeys {
    /// The leader's token; set with NX and a TTL (the lease), renewed by the leader.
    public var schedulerLeader: String { prefix + "scheduler:leader" }
    /// The fencing counter: incremented on each change of leader.
    public var schedulerEpoch: String { prefix + "scheduler:epoch" }
    /// One schedule's state: hash `last_tick`, `last_fired_tick`, `last_run_id`, `fired`, `skipped`.
    public func schedule(_ name: String) -> String { prefix + "schedule:" + name }
    /// With partitions: runs of fired ticks not yet enqueued in their partition: hash run id → JSON
    /// `[pipeline, field, value, …]` (`SchedulerStore.deliverPending`).
    public var schedulesPending: String { prefix + "schedules:pending" }
}
