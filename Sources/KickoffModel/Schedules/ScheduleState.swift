/// One schedule's state in Redis (`StoreKeys.schedule(name)`), as the scheduler left it.
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
}
