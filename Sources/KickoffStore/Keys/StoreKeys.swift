public import KickoffModel
/// Every Redis key Kickoff uses. With one partition (the default) all share one hash tag
/// (`{namespace}`), so every key lives in one Redis Cluster slot and each Lua script may touch any of
/// them. With N partitions (`RunPartitions`) a run's keys live in its partition's tag (`{namespace:i}`,
/// see `StoreKeys+Partitions`): `run(_:)`, `logs(_:)`, `events(_:)` and `history(_:)` name the run's
/// partition's key by themselves.
/// `KEYS.md` next to this file lists every key pattern with its type, owner and expiry.
public struct StoreKeys: Sendable, Hashable {
    /// `{kickoff}:`; scripts derive per-run keys from it (`prefix .. 'run:' .. id`).
    public let prefix: String
    /// The namespace the prefix is made of (a partition's: `<namespace>:<i>`).
    public let namespace: String
    /// How many partitions runs are spread over; a partition's own keys have one.
    public let partitions: RunPartitions

    public init(namespace: String = "kickoff", partitions: RunPartitions = RunPartitions()) {
        prefix = "{\(namespace)}:"
        self.namespace = namespace
        self.partitions = partitions
    }

    public func run(_ id: String) -> String { runPrefix(id) + "run:" + id }
    public func logs(_ id: String) -> String { runPrefix(id) + "logs:" + id }
    public func events(_ id: String) -> String { runPrefix(id) + "events:" + id }
    /// A finished run's events folded into one string (`RunEventHistory`); its stream then expires.
    public func history(_ id: String) -> String { runPrefix(id) + "history:" + id }
    /// Before named queues, the one list of waiting runs per priority; maintenance moves what is left
    /// in them in line (`FlowLua`'s `migrate_legacy_queues`). Nothing writes them any more.
    public func queue(_ priority: RunPriority) -> String { prefix + "queue:" + priority.rawValue }
    public var queues: [String] { RunPriority.allCases.map(queue) }
    /// Runs waiting for a time: delayed triggers and retries in backoff. Score: due time (ms).
    public var delayed: String { prefix + "delayed" }
    /// Running runs. Score: lease deadline (ms).
    public var leases: String { prefix + "leases" }
    /// Before named queues, the wake-up tokens of every idle worker; now each queue has its own
    /// (`signal(queue:)`).
    public var signal: String { prefix + "signal" }
    /// A worker's own wake-up list, so that a drain can interrupt its wait.
    public func wake(worker: String) -> String { prefix + "wake:" + worker }
    /// Every run, newest last. Score: creation time (ms).
    public var runsIndex: String { prefix + "runs" }
    public func pipelineIndex(_ pipeline: String) -> String { prefix + "runs:pipeline:" + pipeline }
    /// Names of the pipelines that have runs (for trimming their indexes).
    public var pipelineNames: String { prefix + "pipelines" }
    public var stats: String { prefix + "stats" }
    /// When maintenance last ran (ms): a long gap means an outage, and leases are extended by it.
    public var lastMaintenance: String { prefix + "maintain:last" }
    /// The elected maintainer's token (`presence` elects, `maintain` renews; PX lease): the one
    /// worker of a fleet that runs queue maintenance.
    public var maintainer: String { prefix + "maintainer" }
    /// The channel every run event is also published on.
    public var eventsChannel: String { prefix + "events" }
}
