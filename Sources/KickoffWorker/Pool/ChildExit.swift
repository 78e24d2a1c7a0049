import Glibc

/// A worker's end as the reaper saw it, waiting for the supervisor.
struct ChildExit: Sendable {
    var slot: Int
    var pid: pid_t
    /// nil when the process vanished without a status (someone else reaped it).
    var status: StepExitStatus?
    var lifetime: Duration
}
