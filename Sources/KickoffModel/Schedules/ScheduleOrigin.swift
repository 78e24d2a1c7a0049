/// Which schedule tick made a run: stored on the run record (`schedule`, `schedule_tick`,
/// `schedule_misfire`) besides the run's `schedule:<name>` tag.
public struct ScheduleOrigin: Sendable, Hashable {
    public var schedule: String
    /// The tick, Unix milliseconds.
    public var tick: Int64
    /// Fired late, for ticks missed while no scheduler ran (`misfire: run_once`).
    public var misfire: Bool

    public init(schedule: String, tick: Int64, misfire: Bool = false) {
        self.schedule = schedule
        self.tick = tick
        self.misfire = misfire
    }
}
