/// One live worker as the fleet registry holds it (`{ns}:worker:<name>`, written by the worker's
/// `announce` at each maintenance tick) and as `GET /v1/workers` shows it. Times are Unix ms.
public struct WorkerRecord: Sendable, Hashable {
    public var name: String
    public var host: String
    public var pid: Int64
    public var queues: [String]
    /// SHA-256 hex of the pipeline file the worker loaded (`PipelineFile.digest`).
    public var pipelineDigest: String
    /// When the worker started.
    public var startedAt: Int64?
    /// The run in progress, its pipeline and since when it runs.
    public var runID: String?
    public var pipeline: String?
    public var runSince: Int64?
    /// The step running now, and since when.
    public var step: String?
    public var stepSince: Int64?
    /// Redis's clock at the worker's last announcement.
    public var heartbeatAt: Int64
    /// How often the worker announces itself (ms): a heartbeat older than two intervals is late.
    public var intervalMilliseconds: Int64
    /// Runs this worker process has ended (finished, retried or handed back).
    public var runsDone: Int64
    /// Resident memory of the worker process, bytes.
    public var rssBytes: Int64?

    public init(name: String, host: String, pid: Int64, queues: [String], pipelineDigest: String, startedAt: Int64? = nil,
                runID: String? = nil, pipeline: String? = nil, runSince: Int64? = nil, step: String? = nil, stepSince: Int64? = nil,
                heartbeatAt: Int64 = 0, intervalMilliseconds: Int64, runsDone: Int64 = 0, rssBytes: Int64? = nil) {
        self.name = name
        self.host = host
        self.pid = pid
        self.queues = queues
        self.pipelineDigest = pipelineDigest
        self.startedAt = startedAt
        self.runID = runID
        self.pipeline = pipeline
        self.runSince = runSince
        self.step = step
        self.stepSince = stepSince
        self.heartbeatAt = heartbeatAt
        self.intervalMilliseconds = intervalMilliseconds
        self.runsDone = runsDone
        self.rssBytes = rssBytes
    }

    /// The hash's fields as `announce` writes them (it adds `name` and `heartbeat_at` itself).
    public var fields: [(String, String)] {
        var fields: [(String, String)] = [
            ("host", host), ("pid", String(pid)), ("queues", queues.joined(separator: ",")), ("pipeline_digest", pipelineDigest),
            ("interval_ms", String(intervalMilliseconds)), ("runs_done", String(runsDone)),
        ]
        func add(_ name: String, _ value: String?) { if let value { fields.append((name, value)) } }
        add("started_at", startedAt.map(String.init))
        add("run_id", runID)
        add("pipeline", pipeline)
        add("run_since", runSince.map(String.init))
        add("step", step)
        add("step_since", stepSince.map(String.init))
        add("rss_bytes", rssBytes.map(String.init))
        return fields
    }

    /// From the stored hash; nil when it lacks what every record has.
    public init?(name: String, hash: [String: String]) {
        guard let heartbeat = hash["heartbeat_at"].flatMap({ Int64($0) }) else { return nil }
        self.init(name: name, host: hash["host"] ?? "?", pid: hash["pid"].flatMap { Int64($0) } ?? 0,
                  queues: (hash["queues"] ?? "").split(separator: ",").map(String.init), pipelineDigest: hash["pipeline_digest"] ?? "",
                  startedAt: hash["started_at"].flatMap { Int64($0) }, runID: hash["run_id"], pipeline: hash["pipeline"],
                  runSince: hash["run_since"].flatMap { Int64($0) }, step: hash["step"], stepSince: hash["step_since"].flatMap { Int64($0) },
                  heartbeatAt: heartbeat, intervalMilliseconds: hash["interval_ms"].flatMap { Int64($0) } ?? 1000,
                  runsDone: hash["runs_done"].flatMap { Int64($0) } ?? 0, rssBytes: hash["rss_bytes"].flatMap { Int64($0) })
    }

    /// The heartbeat is older than two announcement intervals at `now` (the record lapses at five).
    public func isLate(now: Int64) -> Bool {
        now - heartbeatAt > 2 * max(intervalMilliseconds, 1)
    }
}
