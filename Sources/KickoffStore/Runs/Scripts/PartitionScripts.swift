import RedisClient

/// The scripts that carry wake-ups across partitions (`RunPartitions`, N > 1). An idle worker waits
/// on the namespace's own lists (`StoreKeys.partitionedSignal`): a BLPOP on a cluster may only name
/// keys of one slot, and each partition is a slot of its own. The queue scripts still signal their
/// partition's lists; these move that news to the namespace's lists.
enum PartitionScripts {
    static let waiting = LuaPrelude.script("partition_waiting", #"""
    -- partition_waiting: which of the given queues have runs in line in this partition. A queue with
    -- none loses its partition signal list (tokens there would wake nobody now).
    -- KEYS[1] the partition's queue names set (for routing: every key named is the partition's)
    -- ARGV[1] the partition's key prefix   ARGV[2..] queue names ('' alone: every queue of the set)
    -- Returns the names of the queues with runs in line.
    local prefix, names = ARGV[1], {unpack(ARGV, 2)}
    if #names == 1 and names[1] == '' then names = redis.call('SMEMBERS', KEYS[1]) end
    local found = {}
    for _, name in ipairs(names) do
      if queue_has_runs(prefix, name) then
        found[#found + 1] = name
      else
        redis.call('DEL', prefix .. 'signal:' .. name)
      end
    end
    return found
    """#)

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
    /// Which of `queues` (empty: every queue the partition knows) have runs in line in `partition`.
    public func partitionWaiting(_ partition: Int, queues: [String]) -> ScriptCall {
        let keys = self.keys.partition(partition)
        return ScriptCall(script: PartitionScripts.waiting, keys: [keys.queueNames], arguments: [keys.prefix] + (queues.isEmpty ? [""] : queues))
    }

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
