/// `GET /v1/workers`: the live workers, with what the front can tell about each (a late heartbeat,
/// a pipeline file other than its own).
public struct WorkerList: Codable, Sendable, Hashable {
    public struct Entry: Codable, Sendable, Hashable {
        public var name: String
        public var host: String
        public var pid: Int64
        public var queues: [String]
        public var pipeline_digest: String
        public var started_at: String?
        public var run_id: String?
        public var pipeline: String?
        public var run_since: String?
        public var step: String?
        public var step_since: String?
        public var heartbeat_at: String
        public var heartbeat_age_ms: Int64
        public var runs_done: Int64
        public var rss_bytes: Int64?
        /// The heartbeat is older than two of the worker's announcement intervals.
        public var late: Bool
        /// The worker's pipeline file is not the one the front loaded.
        public var pipeline_differs: Bool
    }

    public var workers: [Entry]
    /// SHA-256 hex of the front's pipeline file.
    public var pipeline_digest: String
    /// Redis's clock when the list was made, RFC 3339.
    public var now: String

    public init(records: [WorkerRecord], frontDigest: String, now: Int64) {
        workers = records.sorted { $0.name < $1.name }.map { record in
            Entry(name: record.name, host: record.host, pid: record.pid, queues: record.queues, pipeline_digest: record.pipelineDigest,
                  started_at: record.startedAt.map(Timestamp.rfc3339(milliseconds:)), run_id: record.runID, pipeline: record.pipeline,
                  run_since: record.runSince.map(Timestamp.rfc3339(milliseconds:)), step: record.step,
                  step_since: record.stepSince.map(Timestamp.rfc3339(milliseconds:)),
                  heartbeat_at: Timestamp.rfc3339(milliseconds: record.heartbeatAt), heartbeat_age_ms: max(0, now - record.heartbeatAt),
                  runs_done: record.runsDone, rss_bytes: record.rssBytes, late: record.isLate(now: now),
                  pipeline_differs: record.pipelineDigest != frontDigest)
        }
        pipeline_digest = frontDigest
        self.now = Timestamp.rfc3339(milliseconds: now)
    }
}
