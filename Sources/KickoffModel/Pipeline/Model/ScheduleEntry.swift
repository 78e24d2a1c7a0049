public import Foundation

/// One entry of a pipeline's `schedules`: when to trigger it and with which values.
public struct ScheduleEntry: Sendable, Hashable {
    /// Unique in the file: `name:` or `<pipeline>-<position from 1>`. Runs are tagged `schedule:<name>`.
    public var name: String
    public var timing: ScheduleTiming
    /// The name of one of the pipeline's presets (checked by the loader).
    public var preset: String?
    /// Top-level parameters, as in a trigger's `parameters`.
    public var parameters: [String: JSONValue]
    /// What cron fields are read in (IANA name, default UTC); `every` ignores it.
    public var timeZone: TimeZone
    /// The zone's name as the file gives it (`UTC` by default).
    public var timezoneName: String
    public var misfire: MisfirePolicy

    public static let utc = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current

    public init(
        name: String,
        timing: ScheduleTiming,
        preset: String? = nil,
        parameters: [String: JSONValue] = [:],
        timeZone: TimeZone = ScheduleEntry.utc,
        timezoneName: String = "UTC",
        misfire: MisfirePolicy = .runOnce
    ) {
        self.timezoneName = timezoneName
        self.name = name
        self.timing = timing
        self.preset = preset
        self.parameters = parameters
        self.timeZone = timeZone
        self.misfire = misfire
    }

    /// The values a scheduled run is triggered with.
    public var triggerValues: TriggerValues {
        TriggerValues(parameters: parameters, preset: preset)
    }

    /// The run tag of this schedule's runs.
    public var tag: String { "schedule:" + name }
}
