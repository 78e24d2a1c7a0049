import ArgumentParser
import KickoffModel

/// How long finished runs, their logs and webhook dead letters are kept: taken by the processes
/// that finish runs (`serve`, `worker`, `pool`, `dev`), which pass them on to their children.
struct RetentionArguments: ParsableArguments {
    @Option(help: ArgumentHelp("How long finished runs are kept (default: $KICKOFF_RUN_RETENTION, else 7d).", valueName: "duration"))
    var runRetention: String?

    @Option(help: ArgumentHelp("How long finished runs' logs are kept, at most the run retention (default: $KICKOFF_LOG_RETENTION, else the run retention).", valueName: "duration"))
    var logRetention: String?

    @Option(help: ArgumentHelp("How long webhook dead letters are kept (default: $KICKOFF_DEAD_LETTER_RETENTION, else the run retention).", valueName: "duration"))
    var deadLetterRetention: String?

    func apply(to overrides: inout SettingsOverrides) {
        overrides.runRetention = runRetention
        overrides.logRetention = logRetention
        overrides.deadLetterRetention = deadLetterRetention
    }

    /// These flags as given, for a child process's command line.
    var forwarded: [String] {
        forwardedFlags([("--run-retention", runRetention), ("--log-retention", logRetention), ("--dead-letter-retention", deadLetterRetention)])
    }
}
