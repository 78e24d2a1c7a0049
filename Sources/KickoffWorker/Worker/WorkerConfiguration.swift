public import Foundation
public import KickoffModel
import KickoffStore
public import RedisClient

/// How one worker process runs: where Redis is, which pipelines it knows, and its timings.
public struct WorkerConfiguration: Sendable {
    public var redis: RedisConfiguration
    public var namespace: String
    /// How many hash tags runs are spread over (`--partitions`; `RunPartitions`).
    public var partitions = RunPartitions()
    public var pipelines: PipelineFile
    /// `host/pid`, shown in the run record.
    public var name: String
    /// How long a claimed run stays ours without a heartbeat; another worker reclaims it after that.
    public var lease: Duration
    public var heartbeat: Duration
    /// Between SIGTERM and SIGKILL when a step is stopped.
    public var killGrace: Duration
    /// On SIGTERM, how long the current run may go on before its step is stopped and the run handed back.
    public var drainGrace: Duration
    /// Promote due runs and reclaim expired leases this often.
    public var maintenanceInterval: Duration
    /// The longest single wait for work (a safety net: wake-ups normally come at once).
    public var idleWait: Duration
    /// Run directories (artifacts, outputs, logs) live under this; each is removed when its run ends.
    public var dataDirectory: String
    /// The artifact store's root: one directory per run, shared by its steps and attempts (and by the
    /// workers that mount it). Nil: `<data directory>/artifacts`. Runs go under `<root>/<namespace>/`.
    public var artifactStore: String?
    /// How often the artifacts of purged or expired runs are looked for and removed.
    public var artifactSweepInterval: Duration = .seconds(60)
    /// Whether this worker sweeps the artifact store (one per pool: the store is shared).
    public var sweepsArtifacts = true
    /// Each step's stored log keeps at most this many bytes (the end of it).
    public var logCap: Int
    /// While a step runs, its log so far is sent this often when it grew (not at all for a step
    /// that ends sooner: its final record has the log).
    public var liveLogInterval: Duration
    public var retention: Duration
    public var logRetention: Duration?
    public var deadLetterRetention: Duration?
    public var keepRunDirectories: Bool
    /// The scheduler's leader lease and misfire grace (the same in every process).
    public var scheduler: SchedulerSettings
    /// Where this worker counts what it does (a pool adds its workers' up).
    public var metrics: WorkerMetrics
    /// The queues it claims from (`--queues`; by default those of its file's pipelines).
    public var queues: QueueSelection
    /// How many workers serve its first queue, as its presence calls count them (shared with the
    /// process's webhook deliverer).
    public let fleet = FleetSize()

    public init(
        redis: RedisConfiguration, namespace: String = "kickoff", pipelines: PipelineFile, name: String = WorkerConfiguration.defaultName(),
        lease: Duration = .seconds(30), heartbeat: Duration = .seconds(5), killGrace: Duration = .seconds(10),
        drainGrace: Duration = .seconds(10), maintenanceInterval: Duration = .seconds(1), idleWait: Duration = .seconds(30),
        dataDirectory: String = FileManager.default.temporaryDirectory.appendingPathComponent("kickoff").path,
        logCap: Int = 1 << 20, retention: Duration = .seconds(7 * 24 * 3600), keepRunDirectories: Bool = false,
        logRetention: Duration? = nil, deadLetterRetention: Duration? = nil,
        scheduler: SchedulerSettings = SchedulerSettings(),
        metrics: WorkerMetrics = WorkerMetrics(), liveLogInterval: Duration = .seconds(1), queues: QueueSelection? = nil
    ) {
        self.queues = queues ?? QueueSelection(pipelines: pipelines)
        self.logRetention = logRetention
        self.deadLetterRetention = deadLetterRetention
        self.redis = redis
        self.namespace = namespace
        self.pipelines = pipelines
        self.name = name
        self.lease = lease
        self.heartbeat = heartbeat
        self.killGrace = killGrace
        self.drainGrace = drainGrace
        self.maintenanceInterval = maintenanceInterval
        self.idleWait = idleWait
        self.dataDirectory = dataDirectory
        self.logCap = logCap
        self.liveLogInterval = liveLogInterval
        self.retention = retention
        self.keepRunDirectories = keepRunDirectories
        self.scheduler = scheduler
        self.metrics = metrics
    }

    /// How long a worker runs its steps without a renewed lease (a heartbeat sent and not answered
    /// as ours) before it stops them (fencing): early enough that the kill grace and a heartbeat fit
    /// before the lease runs out and another worker may take the run over, and never before three
    /// quarters of the lease (a slow heartbeat on a busy machine is no partition). With a kill grace
    /// longer than a quarter of the lease, a step may outlive the lease by up to the rest of the grace.
    public var fenceAfter: Duration {
        max(lease * 3 / 4, lease - killGrace - heartbeat)
    }

    /// `artifactStore`, or `<data directory>/artifacts`.
    public var artifactStoreRoot: String {
        // Per namespace: the sweep removes what its namespace's Redis does not know.
        (artifactStore ?? (dataDirectory.hasSuffix("/") ? dataDirectory : dataDirectory + "/") + "artifacts") + "/" + namespace
    }

    public static func defaultName() -> String {
        "\(ProcessInfo.processInfo.hostName)/\(getpid())"
    }

    var operations: QueueOperations {
        QueueOperations(keys: StoreKeys(namespace: namespace, partitions: partitions), retention: retention, logRetention: logRetention,
                        deadLetterRetention: deadLetterRetention)
    }
}
