import KickoffStore
import Synchronization

/// What the worker's threads share: the run in progress and why it might have to stop.
final class WorkerState: Sendable {
    enum StopReason: Sendable {
        /// A user asked to cancel the run.
        case canceled
        /// Our lease is gone: another worker may hold the run; we must not touch it.
        case leaseLost
        /// The worker is shutting down and the drain grace ran out.
        case draining
        /// The lease was not renewed for `WorkerConfiguration.fenceAfter`: another worker may take
        /// the run over soon, so this one stops its steps first and hands the run back if it can.
        case fenced
    }

    struct Current: Sendable {
        var run: ClaimedRun
        var cancellation: StepCancellation
        var stopReason: StopReason?
        /// The step whose process runs now, for the live log tail (`LiveLogTail`).
        var step: RunningStep?
        /// When the lease was last renewed (the claim, then every heartbeat Redis answered as ours).
        var renewedAt: ContinuousClock.Instant = .now
        /// When the lease keeper last went to talk to Redis (a heartbeat, maintenance, a live log;
        /// answered or not): a tick after the last renewal that renewed nothing means cut off.
        var heartbeatSentAt: ContinuousClock.Instant?

        /// A heartbeat went out after the last renewal and has not renewed the lease (it failed, or
        /// waits for an answer): the worker is cut off, not merely late to send it.
        var renewalOverdue: Bool { heartbeatSentAt.map { $0 > renewedAt } ?? false }
    }

    struct RunningStep: Sendable, Hashable {
        var name: String
        var directory: RunDirectory
        var startedAt: ContinuousClock.Instant
    }

    private let storage = Mutex<Current?>(nil)
    private let ended = Atomic<Int64>(0)

    /// Runs this process has ended (finished, retried, handed back), for the fleet registry.
    var runsDone: Int64 { ended.load(ordering: .relaxed) }
    private let draining = StopSignal()

    var isDraining: Bool { draining.isStopped }
    var current: Current? { storage.withLock { $0 } }

    func begin(_ run: ClaimedRun) -> StepCancellation {
        let cancellation = StepCancellation()
        storage.withLock { $0 = Current(run: run, cancellation: cancellation) }
        return cancellation
    }

    /// A heartbeat for the current run is about to be sent.
    func heartbeatSent(at instant: ContinuousClock.Instant) {
        storage.withLock { $0?.heartbeatSentAt = instant }
    }

    /// A heartbeat extended the current run's lease.
    func leaseRenewed(at instant: ContinuousClock.Instant) {
        storage.withLock { $0?.renewedAt = instant }
    }

    func end() {
        storage.withLock { $0 = nil }
        _ = ended.add(1, ordering: .relaxed)
    }

    /// The current run's step `name` is about to start; its log goes to `directory`.
    func stepStarted(_ name: String, directory: RunDirectory) {
        let step = RunningStep(name: name, directory: directory, startedAt: .now)
        storage.withLock { $0?.step = step }
    }

    func stepEnded() {
        storage.withLock { $0?.step = nil }
    }

    /// Step `name` ended; with branches running side by side, the live log tail follows the step
    /// started last, and forgets it only when that one ends.
    func stepEnded(_ name: String) {
        storage.withLock { current in
            if current?.step?.name == name { current?.step = nil }
        }
    }

    /// Stops the current run's step; the first reason given is the one that counts.
    func stop(_ reason: StopReason) {
        let cancellation = storage.withLock { current -> StepCancellation? in
            guard current != nil else { return nil }
            if current?.stopReason == nil { current?.stopReason = reason }
            return current?.cancellation
        }
        cancellation?.cancel()
    }

    var stopReason: StopReason? { storage.withLock { $0?.stopReason } }

    /// True the first time only.
    func startDraining() -> Bool {
        draining.stop()
    }

    /// Pauses the calling thread for `duration`, or until the worker starts draining.
    func pauseUnlessDraining(for duration: Duration) {
        _ = draining.wait(for: duration)
    }
}
