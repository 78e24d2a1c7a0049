import KickoffStore

/// A worker's part in queue maintenance: one worker of a fleet, the holder of the maintainer lease
/// (`{ns}:maintainer`), runs `maintain` each interval and renews the lease with it; every worker
/// makes a presence call now and then, which hands the lease to it when nobody holds it (its
/// holder stopped, or died and the lease ran out or its pool freed it: `DeadMaintainerRelease`).
/// The fleet's maintenance costs one script call per interval whatever the number of workers, and
/// its presence calls about four a second.
struct MaintainerRole {
    /// Unique per process start (`MaintainerToken`).
    let token: String
    /// Long enough for one missed renewal; short, so that a dead maintainer's successor takes
    /// over before most leases of the runs it held run out.
    let lease: Duration
    let interval: Duration
    private(set) var presenceInterval: Duration
    var presenceDue = ContinuousClock.now
    var maintenanceDue = ContinuousClock.now
    var isMaintainer = false

    init(worker: String, interval: Duration) {
        token = MaintainerToken.make(worker: worker)
        self.interval = interval
        lease = interval * 2
        presenceInterval = interval
    }

    /// Takes what a presence call said. A worker that just became maintainer waits one interval
    /// before its first round: it may not have seen an outage its predecessor saw (it calls less
    /// often), and by then the live workers' heartbeats have renewed the leases that ran out
    /// during it, so that only the leases of dead workers are reclaimed.
    mutating func observe(_ presence: WorkerPresence, at now: ContinuousClock.Instant) {
        let leads = presence.maintainer == token
        if leads, !isMaintainer { maintenanceDue = now + interval }
        isMaintainer = leads
        presenceInterval = WorkerPresence.interval(workers: presence.workers, base: interval)
        // Spread over the interval, so that a fleet started together does not call together.
        presenceDue = now + presenceInterval * Double.random(in: 0.8...1.2)
    }
}
