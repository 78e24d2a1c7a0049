import RedisClient

/// One schedule's state in Redis (`RunKeys.schedule(name)`), as the scheduler left it.
public struct ScheduleState: Sendable, Hashable {
    /// The last tick handled (fired or skipped), Unix ms; nil before the scheduler first saw the schedule.
    public var lastTick: Int64?
    public var lastFiredTick: Int64?
    public var lastFiredAt: Int64?
    public var lastRunID: String?
    public var fired: Int
    public var skipped: Int

    public init(lastTick: Int64? = nil, lastFiredTick: Int64? = nil, lastFiredAt: Int64? = nil, lastRunID: String? = nil,
                fired: Int = 0, skipped: Int = 0) {
        self.lastTick = lastTick
        self.lastFiredTick = lastFiredTick
        self.lastFiredAt = lastFiredAt
        self.lastRunID = lastRunID
        self.fired = fired
        self.skipped = skipped
    }

    /// From HGETALL's reply (empty: never seen).
    public init(hash reply: RedisReply) {
        let fields = reply.hashFields
        self.init(lastTick: fields["last_tick"].flatMap { Int64($0) }, lastFiredTick: fields["last_fired_tick"].flatMap { Int64($0) },
                  lastFiredAt: fields["last_fired_at"].flatMap { Int64($0) }, lastRunID: fields["last_run_id"],
                  fired: fields["fired"].flatMap { Int($0) } ?? 0, skipped: fields["skipped"].flatMap { Int($0) } ?? 0)
    }
}
