/// `GET /v1/schedules`: every schedule of the pipeline file with its next fire times and what the
/// scheduler last did, and who leads. Also what `kickoff schedules list` decodes.
public struct ScheduleList: Codable, Sendable, Hashable {
    public struct Entry: Codable, Sendable, Hashable {
        public var name: String
        public var pipeline: String
        /// `cron` or `every`.
        public var kind: String
        /// The cron expression as written, or the interval (`15m`).
        public var expression: String
        public var timezone: String
        public var misfire: String
        public var preset: String?
        /// RFC 3339, the next ones first.
        public var next_fire_times: [String]
        /// The last tick handled (fired or skipped), RFC 3339.
        public var last_tick: String?
        public var last_fired_tick: String?
        public var last_run_id: String?
        public var fired: Int
        public var skipped: Int
    }

    public struct Leader: Codable, Sendable, Hashable {
        /// The leader's token: its `host/pid` (or worker name) and a random suffix.
        public var holder: String
        public var epoch: Int64
        public var lease_left_ms: Int64?

        public init(holder: String, epoch: Int64, lease_left_ms: Int64?) {
            self.holder = holder
            self.epoch = epoch
            self.lease_left_ms = lease_left_ms
        }
    }

    public var schedules: [Entry]
    public var leader: Leader?
    /// Redis's clock when the list was made, RFC 3339.
    public var now: String

    /// How many next fire times `GET /v1/schedules` gives each schedule (the most `kickoff schedules list --next` shows).
    public static let nextFireTimeCount = 3

    /// The list from the file, the schedules' states and Redis's clock; `count` next fire times each.
    public init(pipelines: PipelineFile, states: [String: ScheduleState], now: Int64, leader: Leader?, count: Int = nextFireTimeCount) {
        var entries: [Entry] = []
        for pipeline in pipelines.pipelines {
            for schedule in pipeline.schedules {
                let state = states[schedule.name] ?? ScheduleState()
                var nextTimes: [String] = []
                // Without state the scheduler has not seen it yet: it will first fire after now.
                var tick = max(now, state.lastTick ?? now)
                while nextTimes.count < count, let next = schedule.timing.next(after: tick) {
                    nextTimes.append(Timestamp.rfc3339(milliseconds: next))
                    tick = next
                }
                let kind = if case .cron = schedule.timing { "cron" } else { "every" }
                entries.append(Entry(
                    name: schedule.name, pipeline: pipeline.name, kind: kind, expression: schedule.timing.expression,
                    timezone: schedule.timezoneName, misfire: schedule.misfire.rawValue, preset: schedule.preset,
                    next_fire_times: nextTimes, last_tick: state.lastTick.map(Timestamp.rfc3339(milliseconds:)),
                    last_fired_tick: state.lastFiredTick.map(Timestamp.rfc3339(milliseconds:)), last_run_id: state.lastRunID,
                    fired: state.fired, skipped: state.skipped
                ))
            }
        }
        schedules = entries
        self.leader = leader
        self.now = Timestamp.rfc3339(milliseconds: now)
    }
}
