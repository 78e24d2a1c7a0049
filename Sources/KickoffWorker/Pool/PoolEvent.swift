import Glibc

/// What one `advance` of the pool did, for the log.
enum PoolEvent: Sendable, Equatable {
    case started(slot: Int, pid: pid_t)
    case exited(slot: Int, pid: pid_t, status: StepExitStatus?, lifetime: Duration)
    case restartScheduled(slot: Int, delay: Duration)
    case startFailed(slot: Int, error: WorkerPoolError, retryIn: Duration)
    case drainStarted(workers: Int, timeout: Duration)
    case drainHurried
    case killed(pids: [pid_t])
    case finished
}
