/// `GET /v1/stats?since=…`: the per-minute history since a time, minutes without any data left out,
/// and the totals over the whole span.
public struct StatsReport: Codable, Sendable, Hashable {
    public struct Durations: Codable, Sendable, Hashable {
        public var count: Int
        public var p50_ms: Int64
        public var p95_ms: Int64

        init?(_ histogram: DurationHistogram) {
            guard let p50 = histogram.percentile(0.5), let p95 = histogram.percentile(0.95) else { return nil }
            count = histogram.count
            p50_ms = p50
            p95_ms = p95
        }
    }

    public struct QueueSample: Codable, Sendable, Hashable {
        public var depth: Int
        public var oldest_wait_ms: Int64
    }

    public struct Minute: Codable, Sendable, Hashable {
        /// The minute's start, RFC 3339.
        public var at: String
        /// Pipeline → final status → runs that ended in the minute.
        public var runs: [String: [String: Int]]
        /// Queue → depth and oldest wait, sampled once in the minute (absent: no worker sampled it).
        public var queues: [String: QueueSample]
        /// Pipeline → its steps that ended in the minute: count, p50, p95.
        public var step_durations: [String: Durations]
        /// Webhook delivery attempts by outcome (`delivered`, `retry`, `dead`).
        public var webhooks: [String: Int]
    }

    public struct Totals: Codable, Sendable, Hashable {
        public var runs: [String: [String: Int]]
        public var step_durations: [String: Durations]
        public var webhooks: [String: Int]
    }

    public var since: String
    public var until: String
    public var minutes: [Minute]
    public var totals: Totals

    /// The longest span the history keeps (and `since` may reach back to).
    public static let retention: Duration = .seconds(48 * 3600)

    public init(minutes history: [HistoryMinute], since: Int64, until: Int64) {
        self.since = Timestamp.rfc3339(milliseconds: since)
        self.until = Timestamp.rfc3339(milliseconds: until)
        var runs: [String: [String: Int]] = [:]
        var steps: [String: DurationHistogram] = [:]
        var webhooks: [String: Int] = [:]
        minutes = history.sorted { $0.minute < $1.minute }.map { minute in
            for (pipeline, statuses) in minute.runs {
                for (status, count) in statuses { runs[pipeline, default: [:]][status, default: 0] += count }
            }
            for (pipeline, histogram) in minute.steps { steps[pipeline, default: DurationHistogram()].merge(histogram) }
            for (outcome, count) in minute.webhooks { webhooks[outcome, default: 0] += count }
            var queues: [String: QueueSample] = [:]
            for (queue, depth) in minute.depth { queues[queue] = QueueSample(depth: depth, oldest_wait_ms: minute.oldestWait[queue] ?? 0) }
            return Minute(at: Timestamp.rfc3339(milliseconds: minute.startMilliseconds), runs: minute.runs, queues: queues,
                          step_durations: minute.steps.compactMapValues(Durations.init), webhooks: minute.webhooks)
        }
        totals = Totals(runs: runs, step_durations: steps.compactMapValues(Durations.init), webhooks: webhooks)
    }
}
