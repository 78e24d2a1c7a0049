/// One minute of the history (`{ns}:minute:<minute>`), read back from its hash's fields:
/// `runs:<pipeline>:<status>`, `step:<pipeline>:<bucket>`, `depth:<queue>`, `wait:<queue>` (ms),
/// `webhook:<outcome>`, `sampled` (how many announcements the minute had).
public struct HistoryMinute: Sendable, Hashable {
    /// Unix ms / 60 000.
    public var minute: Int64
    /// Pipeline → final status → runs.
    public var runs: [String: [String: Int]] = [:]
    /// Pipeline → its steps' durations.
    public var steps: [String: DurationHistogram] = [:]
    /// Queue → runs waiting when sampled.
    public var depth: [String: Int] = [:]
    /// Queue → the longest wait (ms) when sampled.
    public var oldestWait: [String: Int64] = [:]
    /// Webhook delivery attempts by outcome (`delivered`, `retry`, `dead`).
    public var webhooks: [String: Int] = [:]

    public init(minute: Int64) {
        self.minute = minute
    }

    public init(minute: Int64, fields: [String: String]) {
        self.minute = minute
        for (field, value) in fields {
            guard let number = Int64(value) else { continue }
            let parts = field.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let (kind, rest) = (parts[0], parts[1])
            switch kind {
            case "runs", "step":
                // The pipeline name may not hold ':'; the last part is the status or the bucket.
                guard let colon = rest.lastIndex(of: ":") else { continue }
                let pipeline = String(rest[..<colon]), last = String(rest[rest.index(after: colon)...])
                if kind == "runs" {
                    runs[pipeline, default: [:]][last, default: 0] += Int(number)
                } else if let bucket = Int(last) {
                    steps[pipeline, default: DurationHistogram()].add(bucket: bucket, count: Int(number))
                }
            case "depth": depth[rest] = Int(number)
            case "wait": oldestWait[rest] = number
            case "webhook": webhooks[rest, default: 0] += Int(number)
            default: continue
            }
        }
    }

    /// Start of the minute, Unix ms.
    public var startMilliseconds: Int64 { minute * 60_000 }

    /// Runs of every pipeline by status.
    public var runsByStatus: [String: Int] {
        runs.values.reduce(into: [:]) { total, statuses in
            for (status, count) in statuses { total[status, default: 0] += count }
        }
    }
}
