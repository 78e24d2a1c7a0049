import ArgumentParser
import KickoffModel

/// How the schedulers lead and when a tick counts as missed: taken by the processes that run a
/// scheduler (`serve`, `worker`, `pool`, `dev`), which pass them on to their children.
struct SchedulerArguments: ParsableArguments {
    @Option(help: ArgumentHelp("How long the scheduler leader's lease lasts without renewal (default: $KICKOFF_SCHEDULER_LEASE, else 5s).", valueName: "duration"))
    var schedulerLease: String?

    @Option(help: ArgumentHelp("How late a schedule's tick may fire before it counts as missed (default: $KICKOFF_MISFIRE_GRACE, else 60s).", valueName: "duration"))
    var misfireGrace: String?

    func apply(to overrides: inout SettingsOverrides) {
        overrides.schedulerLease = schedulerLease
        overrides.misfireGrace = misfireGrace
    }

    /// These flags as given, for a child process's command line.
    var forwarded: [String] {
        forwardedFlags([("--scheduler-lease", schedulerLease), ("--misfire-grace", misfireGrace)])
    }
}
