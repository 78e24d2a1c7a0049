import Glibc

extension PoolState {
    /// The supervisor's part, run under the lock: acts on drain requests, exits and due restarts at
    /// `now`. Returns what happened and when to look again (nil: only when something is reported).
    /// `spawn` and `signal` are the side effects, injected so the logic is testable without processes.
    mutating func advance(
        now: ContinuousClock.Instant,
        drainTimeout: Duration,
        spawn: (Int) throws(WorkerPoolError) -> pid_t,
        signal: (pid_t, Int32) -> Void
    ) -> (events: [PoolEvent], nextWake: ContinuousClock.Instant?) {
        var events: [PoolEvent] = []
        handleDrainRequests(now: now, drainTimeout: drainTimeout, signal: signal, events: &events)
        handleExits(now: now, events: &events)

        if draining {
            if liveWorkers == 0 {
                if !finished { events.append(.finished) }
                finished = true
                return (events, nil)
            }
            if !killSent, let killDeadline, now >= killDeadline {
                let pids = slots.compactMap(\.pid)
                pids.forEach { signal($0, SIGKILL) }
                killSent = true
                events.append(.killed(pids: pids))
            }
            return (events, killSent ? nil : killDeadline)
        }

        for index in slots.indices {
            guard slots[index].pid == nil, let startAt = slots[index].startAt, startAt <= now else { continue }
            do throws(WorkerPoolError) {
                let pid = try spawn(index)
                slots[index].pid = pid
                slots[index].startedAt = now
                slots[index].startAt = nil
                events.append(.started(slot: index, pid: pid))
            } catch {
                let delay = slots[index].backoff.delay(afterRunningFor: .zero)
                slots[index].startAt = now + delay
                events.append(.startFailed(slot: index, error: error, retryIn: delay))
            }
        }
        return (events, slots.compactMap(\.startAt).min())
    }

    /// The first request starts draining: no more restarts, SIGTERM to every worker, SIGKILL at the
    /// deadline. A second one (a second Ctrl-C) moves the deadline to now.
    private mutating func handleDrainRequests(
        now: ContinuousClock.Instant, drainTimeout: Duration, signal: (pid_t, Int32) -> Void, events: inout [PoolEvent]
    ) {
        guard drainRequests > handledDrainRequests else { return }
        if draining {
            killDeadline = now
            events.append(.drainHurried)
        } else {
            killDeadline = now + drainTimeout
            for index in slots.indices {
                slots[index].startAt = nil
                if let pid = slots[index].pid { signal(pid, SIGTERM) }
            }
            events.append(.drainStarted(workers: liveWorkers, timeout: drainTimeout))
        }
        handledDrainRequests = drainRequests
    }

    private mutating func handleExits(now: ContinuousClock.Instant, events: inout [PoolEvent]) {
        for exit in pendingExits {
            events.append(.exited(slot: exit.slot, pid: exit.pid, status: exit.status, lifetime: exit.lifetime))
            guard !draining else { continue }
            let delay = slots[exit.slot].backoff.delay(afterRunningFor: exit.lifetime)
            slots[exit.slot].startAt = now + delay
            events.append(.restartScheduled(slot: exit.slot, delay: delay))
        }
        pendingExits = []
    }
}
