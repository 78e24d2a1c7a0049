/// How the schedulers share the lead and when a late tick counts as missed. Every process that runs
/// a scheduler (`serve`, `worker`, so `pool` and `dev` too) should get the same values.
public struct SchedulerSettings: Sendable, Hashable {
    /// How long the leader's Redis lease lasts without renewal: a leader that dies is replaced after
    /// at most this plus `renewInterval`.
    public var lease: Duration
    /// A tick fired later than this after it was due counts as missed (see `MisfirePolicy`).
    public var misfireGrace: Duration

    public static let defaultLease: Duration = .seconds(5)
    public static let defaultMisfireGrace: Duration = .seconds(60)
    static let leaseRange: ClosedRange<Duration> = .seconds(1) ... .seconds(3600)

    public init(lease: Duration = defaultLease, misfireGrace: Duration = defaultMisfireGrace) {
        self.lease = lease
        self.misfireGrace = misfireGrace
    }

    /// The leader renews its lease, and the others try to take it, this often: each second, or a
    /// third of a shorter lease, so that two renewals can fail before it lapses.
    public var renewInterval: Duration {
        min(.seconds(1), lease / 3)
    }

    init(resolver: SettingResolver, overrides: SettingsOverrides) throws(ConfigurationError) {
        let leaseFlag = ("--scheduler-lease", EnvironmentVariable.schedulerLease)
        let graceFlag = ("--misfire-grace", EnvironmentVariable.misfireGrace)
        lease = try resolver.value(overrides.schedulerLease, leaseFlag.0, leaseFlag.1, default: Self.defaultLease, parse: Self.leaseRule)
        misfireGrace = try resolver.value(overrides.misfireGrace, graceFlag.0, graceFlag.1, default: Self.defaultMisfireGrace,
                                          parse: Self.graceRule)
        // A survivor fires a dead leader's ticks up to lease + renewInterval late: within the grace,
        // or they would be taken for missed ticks (and `skip` would drop them).
        let latestTakeover = lease + renewInterval
        guard misfireGrace >= latestTakeover else {
            let minimum = DurationText.format(latestTakeover)
            if let given = resolver.raw(overrides.misfireGrace, graceFlag.0, graceFlag.1) {
                throw ConfigurationError(source: given.source, value: given.value, reason: """
                    must be at least the scheduler lease plus its renewal interval (\(minimum)): a process taking \
                    over from a dead leader fires its ticks that late, and they must not count as missed
                    """)
            }
            let given = resolver.raw(overrides.schedulerLease, leaseFlag.0, leaseFlag.1)
            throw ConfigurationError(source: given?.source ?? .defaultValue, value: given?.value ?? DurationText.format(lease), reason: """
                leaves no room in the default misfire grace (\(DurationText.format(misfireGrace))): set --misfire-grace \
                (\(EnvironmentVariable.misfireGrace)) to at least \(minimum) too
                """)
        }
    }

    private static let leaseRule = SettingRule<Duration>(reason: "expected a duration from 1s to 1h, such as 5s or 30s") { text in
        (try? DurationParser.parse(text)).flatMap { leaseRange.contains($0) ? $0 : nil }
    }

    private static let graceRule = SettingRule<Duration>(reason: "expected a duration of at least 1s, such as 60s or 10m") { text in
        (try? DurationParser.parse(text)).flatMap { $0 >= .seconds(1) ? $0 : nil }
    }
}
