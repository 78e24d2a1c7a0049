import Glibc

/// Everything the pool's threads share: the supervisor loop, the reaper thread and `drain()` callers
/// change it only under the pool's lock. Starting, signalling and reaping a worker also happen under
/// that lock, so a pid in `slots` always names a living worker or an unreaped zombie, never a
/// recycled pid.
struct PoolState: Sendable {
    var slots: [PoolSlot]
    /// Recorded by the reaper, handled by the supervisor's next `advance`.
    var pendingExits: [ChildExit] = []
    /// `drain()` calls (signals) so far, and how many of them `advance` has acted on.
    var drainRequests = 0
    var handledDrainRequests = 0
    /// Set when draining starts: when SIGTERM'd workers still alive get SIGKILL.
    var killDeadline: ContinuousClock.Instant?
    var killSent = false
    /// Draining is over: every worker has exited. The supervisor returns, the reaper stops.
    var finished = false
    var started = false

    init(workers: Int, backoff: RestartBackoff, now: ContinuousClock.Instant) {
        slots = Array(repeating: PoolSlot(pid: nil, startedAt: nil, startAt: now, backoff: backoff), count: workers)
    }

    var draining: Bool { handledDrainRequests > 0 }
    var liveWorkers: Int { slots.count { $0.pid != nil } }
    /// Something for `advance` to act on besides the passing of time.
    var hasPendingWork: Bool { !pendingExits.isEmpty || drainRequests > handledDrainRequests }

    /// The reaper's part: `pid` has been reaped. False when it was no worker of the pool (an orphaned
    /// grandchild that the pool, as subreaper, adopted).
    mutating func recordExit(pid: pid_t, status: StepExitStatus?, now: ContinuousClock.Instant) -> Bool {
        guard let slot = slots.firstIndex(where: { $0.pid == pid }) else { return false }
        let lifetime = slots[slot].startedAt.map { now - $0 } ?? .zero
        slots[slot].pid = nil
        slots[slot].startedAt = nil
        pendingExits.append(ChildExit(slot: slot, pid: pid, status: status, lifetime: lifetime))
        return true
    }
}
