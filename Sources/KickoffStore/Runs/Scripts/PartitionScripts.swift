import RedisClient

/// The scripts that carry wake-ups across partitions (`RunPartitions`, N > 1). An idle worker waits
/// on the namespace's own lists (`StoreKeys.partitionedSignal`): a BLPOP on a cluster may only name
/// keys of one slot, and each partition is a slot of its own. The queue scripts still signal their
/// partition's lists; the calls that may put runs in line report which (`WakeReporting`), and
/// `partition_wake` moves that news to the namespace's lists.
enum PartitionScripts {
    static let sample = LuaPrelude.script("partition_sample", #"""
    -- partition_sample: the per-minute history's queue samples (depth, oldest wait) of one partition,
    -- once a minute (HistoryLua's guard); presence samples the namespace's own lines, empty with N > 1.
    -- KEYS[1] the partition's queue names set (for routing)   ARGV[1] the partition's key prefix
    history_sample_queues(ARGV[1], now_ms())
    return 1
    """#)

    static let wake = RedisScript(name: "partition_wake", source: #"""
    -- partition_wake: one wake-up token on each list given, for the idle workers of a queue in any
    -- partition; bounded, as the queue scripts' signal(), so an unattended queue cannot grow it.
    -- KEYS[1..] the namespace's partition-wide signal lists (StoreKeys.partitionedSignal)
    for _, key in ipairs(KEYS) do
      if redis.call('LLEN', key) < 1000 then redis.call('RPUSH', key, '1') end
    end
    return #KEYS
    """#)
}

extension QueueOperations {
    /// Samples `partition`'s queues for the per-minute history, if not done this minute.
    public func partitionSample(_ partition: Int) -> ScriptCall {
        let keys = self.keys.partition(partition)
        return ScriptCall(script: PartitionScripts.sample, keys: [keys.queueNames], arguments: [keys.prefix])
    }

    /// Wakes an idle worker of each of `queues`, whatever partition it claims from next.
    public func partitionWake(queues: [String]) -> ScriptCall? {
        guard !queues.isEmpty else { return nil }
        return ScriptCall(script: PartitionScripts.wake, keys: queues.map(keys.partitionedSignal), arguments: [])
    }
}
