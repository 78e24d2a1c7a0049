import KickoffModel
import KickoffStore
import Testing

/// The schedulers' leader lease and misfire grace: `KICKOFF_SCHEDULER_LEASE` / `--scheduler-lease`
/// and `KICKOFF_MISFIRE_GRACE` / `--misfire-grace`, read like every other setting.
@Suite struct SchedulerSettingsTests {
    @Test func defaultsAreTheLeaseOf5sAndTheGraceOf60s() throws {
        let settings = try Settings(environment: [:]).scheduler
        #expect(settings == SchedulerSettings())
        #expect(settings.lease == .seconds(5) && settings.misfireGrace == .seconds(60) && settings.renewInterval == .seconds(1))
        let configuration = settings.configuration(owner: "host/1")
        #expect(configuration.owner == "host/1" && configuration.lease == .seconds(5))
        #expect(configuration.renewInterval == .seconds(1) && configuration.grace == .seconds(60))
    }

    @Test func fromTheEnvironmentFlagsWinning() throws {
        let environment = ["KICKOFF_SCHEDULER_LEASE": "30s", "KICKOFF_MISFIRE_GRACE": "10m"]
        let fromEnvironment = try Settings(environment: environment).scheduler
        #expect(fromEnvironment.lease == .seconds(30) && fromEnvironment.misfireGrace == .seconds(600))
        let flagged = try Settings(environment: environment, overrides: SettingsOverrides(schedulerLease: "2s", misfireGrace: "5s")).scheduler
        #expect(flagged.lease == .seconds(2) && flagged.misfireGrace == .seconds(5))
        // A short lease is renewed (and tried by the others) three times per lease.
        #expect(flagged.renewInterval == .seconds(2) / 3)
        #expect(flagged.configuration(owner: "w").renewInterval == .seconds(2) / 3)
        #expect(EnvironmentVariable.all.contains("KICKOFF_SCHEDULER_LEASE") && EnvironmentVariable.all.contains("KICKOFF_MISFIRE_GRACE"))
    }

    @Test(arguments: [
        ("KICKOFF_SCHEDULER_LEASE", "soon", "expected a duration from 1s to 1h, such as 5s or 30s"),
        ("KICKOFF_SCHEDULER_LEASE", "500ms", "expected a duration from 1s to 1h, such as 5s or 30s"),
        ("KICKOFF_SCHEDULER_LEASE", "2h", "expected a duration from 1s to 1h, such as 5s or 30s"),
        ("KICKOFF_MISFIRE_GRACE", "0s", "expected a duration of at least 1s, such as 60s or 10m"),
        ("KICKOFF_MISFIRE_GRACE", "a minute", "expected a duration of at least 1s, such as 60s or 10m"),
    ])
    func anUnreadableValueNamesItsVariable(variable: String, value: String, reason: String) {
        #expect(throws: ConfigurationError(source: .environment(variable), value: value, reason: reason)) {
            try Settings(environment: [variable: value])
        }
    }

    @Test func theGraceMustCoverATakeover() throws {
        // A survivor fires a dead leader's ticks up to lease + renewal late (5s + 1s by default).
        let short = #expect(throws: ConfigurationError.self) {
            try Settings(environment: [:], overrides: SettingsOverrides(misfireGrace: "5s"))
        }
        #expect(short?.source == .flag("--misfire-grace"))
        #expect(short?.description.contains("at least the scheduler lease plus its renewal interval (6s)") == true, "\(String(describing: short))")
        #expect(try Settings(environment: [:], overrides: SettingsOverrides(misfireGrace: "6s")).scheduler.misfireGrace == .seconds(6))

        // A long lease alone leaves no room in the default grace: the lease is named, and what to set.
        let long = #expect(throws: ConfigurationError.self) { try Settings(environment: ["KICKOFF_SCHEDULER_LEASE": "2m"]) }
        #expect(long?.source == .environment("KICKOFF_SCHEDULER_LEASE"))
        #expect(long?.description.contains("set --misfire-grace (KICKOFF_MISFIRE_GRACE) to at least 2m1s") == true, "\(String(describing: long))")
        let both = try Settings(environment: ["KICKOFF_SCHEDULER_LEASE": "2m", "KICKOFF_MISFIRE_GRACE": "5m"]).scheduler
        #expect(both.lease == .seconds(120) && both.misfireGrace == .seconds(300))
    }
}
