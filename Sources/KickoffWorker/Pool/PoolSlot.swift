import Glibc

/// One worker place in the pool.
struct PoolSlot: Sendable {
    /// The running worker; nil between its exit and its restart.
    var pid: pid_t?
    var startedAt: ContinuousClock.Instant?
    /// When to (re)start a worker here; nil while one runs, or once the pool drains.
    var startAt: ContinuousClock.Instant?
    var backoff: RestartBackoff
}
