import KickoffModel

/// Partitions (`RunPartitions`): with N > 1, partition i's keys are those of the namespace
/// `<namespace>:<i>` (hash tag `{<namespace>:<i>}`), each partition a queue of its own (runs, logs,
/// events, lines, leases, delayed set, signal lists, indexes, stats). What is not a run's stays on
/// the namespace's own tag (API keys, schedules, hooks, webhooks, fleet, maintainer, history).
/// With one partition, partition 0 is the namespace's own tag: nothing moves.
extension StoreKeys {
    /// Partition `index`'s keys (itself with one partition).
    public func partition(_ index: Int) -> StoreKeys {
        partitions.isSingle ? self : StoreKeys(namespace: namespace + ":" + String(index))
    }

    /// The keys of the partition holding the run `id`.
    public func forRun(_ id: String) -> StoreKeys {
        partitions.isSingle ? self : partition(partitions.partition(ofRunID: id))
    }

    /// Every partition's keys, partition 0 first.
    public var allPartitions: [StoreKeys] {
        partitions.isSingle ? [self] : partitions.all.map(partition)
    }

    /// The prefix of the run's partition.
    func runPrefix(_ id: String) -> String {
        partitions.isSingle ? prefix : "{" + namespace + ":" + String(partitions.partition(ofRunID: id)) + "}:"
    }

    /// With N > 1: a list on the namespace's own tag that wakes the idle workers of `queue` in every
    /// partition (a worker's BLPOP may only name keys of one slot on a cluster). The front and the
    /// maintainer push it after a run enters a partition's line (`WakeSignal`).
    public func partitionedSignal(queue: String) -> String { prefix + "partitions:signal:" + queue }
}
