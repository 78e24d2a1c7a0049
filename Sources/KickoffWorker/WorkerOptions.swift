public import KickoffModel

/// How one worker process runs: `kickoff worker` flags, already parsed and checked.
public struct WorkerOptions: Sendable, Hashable {
    /// How long a claimed run stays this worker's without a heartbeat; after it, another worker may
    /// take the run over.
    public var lease: Duration
    /// How often the lease is extended; well below `lease`.
    public var heartbeat: Duration
    /// Between SIGTERM and SIGKILL when a step is stopped (timeout, cancel, shutdown).
    public var killGrace: Duration
    /// On SIGTERM, how long the current run may go on before its step is stopped and the run handed back.
    public var drainGrace: Duration
    /// Where runs get their directories (outputs, artifacts, logs).
    public var dataDirectory: String
    /// The artifact store's root (`--artifact-store`, `KICKOFF_ARTIFACT_STORE`); nil: `<data dir>/artifacts`.
    public var artifactStore: String?
    /// How often the artifact store is swept of purged and expired runs.
    public var artifactSweepInterval: Duration = defaultArtifactSweepInterval
    /// The most of a step's stdout and stderr that is kept, in bytes.
    public var logCap: Int64
    /// The name the worker shows in run records; nil for the default `host/pid`.
    public var name: String?
    /// The slot in `kickoff pool` (`KICKOFF_POOL_SLOT`), nil when started alone.
    public var poolSlot: Int?
    /// `--queues`: the queues served, with weights; nil for the queues of the file's pipelines.
    public var queues: QueueSelection?

    public static let defaultLease: Duration = .seconds(30)
    public static let defaultHeartbeat: Duration = .seconds(5)
    public static let defaultKillGrace: Duration = .seconds(10)
    public static let defaultDrainGrace: Duration = .seconds(10)
    public static let defaultLogCap: Int64 = 1 << 20
    public static let defaultArtifactSweepInterval: Duration = .seconds(60)

    public init(
        lease: Duration = defaultLease, heartbeat: Duration = defaultHeartbeat, killGrace: Duration = defaultKillGrace,
        drainGrace: Duration = defaultDrainGrace,
        dataDirectory: String, logCap: Int64 = defaultLogCap, name: String? = nil, poolSlot: Int? = nil,
        queues: QueueSelection? = nil
    ) {
        self.queues = queues
        self.lease = lease
        self.heartbeat = heartbeat
        self.killGrace = killGrace
        self.drainGrace = drainGrace
        self.dataDirectory = dataDirectory
        self.logCap = logCap
        self.name = name
        self.poolSlot = poolSlot
    }

    /// `$TMPDIR/kickoff`, or `/tmp/kickoff` when `TMPDIR` is unset or empty.
    public static func defaultDataDirectory(environment: [String: String]) -> String {
        let temporary = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return (temporary.hasSuffix("/") ? String(temporary.dropLast()) : temporary) + "/kickoff"
    }

    /// The slot `kickoff pool` gave this process (`KICKOFF_POOL_SLOT`), nil when started alone.
    public static func poolSlot(environment: [String: String]) -> Int? {
        environment[EnvironmentVariable.poolSlot].flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil }
    }

    /// A name given to a pool's worker gets the slot appended (`NAME-SLOT`), so that the pool's workers,
    /// which all get the same flags, keep distinct names.
    public static func name(_ given: String?, poolSlot: Int?) -> String? {
        guard let given, let poolSlot else { return given }
        return "\(given)-\(poolSlot)"
    }

    /// Checks the values against each other: a heartbeat must fit in the lease several times over,
    /// or a slow Redis round trip lets the lease lapse under a healthy worker.
    public func validate() throws(WorkerOptionsError) {
        guard lease > .zero else { throw .invalid(option: "--lease", reason: "must be longer than 0") }
        guard heartbeat > .zero else { throw .invalid(option: "--heartbeat", reason: "must be longer than 0") }
        guard heartbeat * 2 <= lease else {
            throw .invalid(option: "--heartbeat", reason: "must be at most half of --lease (\(lease)), got \(heartbeat)")
        }
        guard drainGrace >= .zero else { throw .invalid(option: "--drain-grace", reason: "must not be negative") }
        guard killGrace >= .zero else { throw .invalid(option: "--kill-grace", reason: "must not be negative") }
        guard logCap > 0 else { throw .invalid(option: "--log-cap", reason: "must be more than 0 bytes") }
        if let artifactStore, artifactStore.isEmpty || artifactStore.utf8.contains(0) {
            throw .invalid(option: "--artifact-store", reason: "must be a directory path")
        }
        guard artifactSweepInterval > .zero else { throw .invalid(option: "--artifact-sweep-interval", reason: "must be longer than 0") }
        guard !dataDirectory.isEmpty else { throw .invalid(option: "--data-dir", reason: "must not be empty") }
        if let name, name.isEmpty || name.contains(where: \.isNewline) {
            throw .invalid(option: "--name", reason: "must be one non-empty line")
        }
    }
}
