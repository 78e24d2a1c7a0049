/// The result of running one step.
public struct StepResult: Sendable, Hashable {
    public var outcome: StepOutcome
    /// How the main process ended; nil when the step never started (canceled before spawn).
    /// For a stopped step this shows whether the SIGTERM sufficed (`.signaled(SIGKILL)` means it did not).
    public var exitStatus: StepExitStatus?
    /// From just before the spawn to the reaping of the main process; zero when it never started.
    public var duration: Duration

    public init(outcome: StepOutcome, exitStatus: StepExitStatus?, duration: Duration) {
        self.outcome = outcome
        self.exitStatus = exitStatus
        self.duration = duration
    }
}
