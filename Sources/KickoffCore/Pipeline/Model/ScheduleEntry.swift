/// One entry of a pipeline's `schedules`: when to trigger it and with which values.
/// Exactly one of `cron` and `every` is set. The scheduler that acts on these is not part of the loader.
public struct ScheduleEntry: Sendable, Hashable {
    public var cron: String?
    public var every: Duration?
    /// The name of one of the pipeline's presets (checked by the loader).
    public var preset: String?
    /// Top-level parameters, as in a trigger's `parameters`.
    public var parameters: [String: JSONValue]
    public var timezone: String?
    public var misfire: String?

    public init(
        cron: String? = nil,
        every: Duration? = nil,
        preset: String? = nil,
        parameters: [String: JSONValue] = [:],
        timezone: String? = nil,
        misfire: String? = nil
    ) {
        self.cron = cron
        self.every = every
        self.preset = preset
        self.parameters = parameters
        self.timezone = timezone
        self.misfire = misfire
    }

    /// The values a scheduled run is triggered with.
    public var triggerValues: TriggerValues {
        TriggerValues(parameters: parameters, preset: preset)
    }
}
