import Glibc
@testable import KickoffWorker
import Testing


/// The pool's decisions, driven with a fake clock, fake spawns and recorded signals: no processes.
@Suite struct PoolStateTests {
    /// Records what `advance` did to the outside world.
    struct World {
        var nextPID: pid_t = 100
        var failingSlots: Set<Int> = []
        var signals: [(pid: pid_t, signal: Int32)] = []
    }

    let start = ContinuousClock.now
    let drainTimeout: Duration = .seconds(25)

    func advance(_ state: inout PoolState, _ world: inout World, at offset: Duration) -> (events: [PoolEvent], nextWake: ContinuousClock.Instant?) {
        state.advance(
            now: start + offset,
            drainTimeout: drainTimeout,
            spawn: { (slot) throws(WorkerPoolError) in
                if world.failingSlots.contains(slot) { throw .system(call: "posix_spawn", reason: "test") }
                world.nextPID += 1
                return world.nextPID
            },
            signal: { pid, signal in world.signals.append((pid, signal)) }
        )
    }

    func recordExit(_ state: inout PoolState, pid: pid_t, status: StepExitStatus, at offset: Duration) -> Bool {
        state.recordExit(pid: pid, status: status, now: start + offset)
    }

    @Test func startsEveryWorkerAtOnce() {
        var state = PoolState(workers: 3, backoff: RestartBackoff(), now: start)
        var world = World()
        let (events, wake) = advance(&state, &world, at: .zero)
        #expect(events == [.started(slot: 0, pid: 101), .started(slot: 1, pid: 102), .started(slot: 2, pid: 103)])
        #expect(wake == nil)
        #expect(state.liveWorkers == 3)
    }

    @Test func restartsADeadWorkerAfterItsSlotsBackoff() {
        var state = PoolState(workers: 2, backoff: RestartBackoff(), now: start)
        var world = World()
        _ = advance(&state, &world, at: .zero)

        #expect(recordExit(&state, pid: 101, status: .signaled(SIGKILL), at: .seconds(1)))
        var (events, wake) = advance(&state, &world, at: .seconds(1))
        #expect(events == [
            .exited(slot: 0, pid: 101, status: .signaled(SIGKILL), lifetime: .seconds(1)),
            .restartScheduled(slot: 0, delay: .milliseconds(100)),
        ])
        #expect(wake == start + .seconds(1) + .milliseconds(100))
        #expect(advance(&state, &world, at: .seconds(1) + .milliseconds(99)).events.isEmpty)
        (events, wake) = advance(&state, &world, at: .seconds(1) + .milliseconds(100))
        #expect(events == [.started(slot: 0, pid: 103)])

        // Dying again soon doubles the delay; the other slot keeps its own backoff.
        #expect(recordExit(&state, pid: 103, status: .exited(1), at: .seconds(2)))
        #expect(recordExit(&state, pid: 102, status: .exited(1), at: .seconds(2)))
        events = advance(&state, &world, at: .seconds(2)).events
        #expect(events.contains(.restartScheduled(slot: 0, delay: .milliseconds(200))))
        #expect(events.contains(.restartScheduled(slot: 1, delay: .milliseconds(100))))
    }

    @Test func aFailedStartIsRetriedWithBackoff() {
        var state = PoolState(workers: 1, backoff: RestartBackoff(), now: start)
        var world = World(failingSlots: [0])
        let (events, wake) = advance(&state, &world, at: .zero)
        #expect(events == [.startFailed(slot: 0, error: .system(call: "posix_spawn", reason: "test"), retryIn: .milliseconds(100))])
        #expect(wake == start + .milliseconds(100))
        world.failingSlots = []
        #expect(advance(&state, &world, at: .milliseconds(100)).events == [.started(slot: 0, pid: 101)])
    }

    @Test func anUnknownPidIsAnOrphanNotAWorker() {
        var state = PoolState(workers: 1, backoff: RestartBackoff(), now: start)
        var world = World()
        _ = advance(&state, &world, at: .zero)
        #expect(!recordExit(&state, pid: 999, status: .exited(0), at: .zero))
        #expect(state.liveWorkers == 1)
    }

    @Test func drainSignalsEveryWorkerStopsRestartsAndFinishesWhenAllExited() {
        var state = PoolState(workers: 2, backoff: RestartBackoff(), now: start)
        var world = World()
        _ = advance(&state, &world, at: .zero)
        #expect(recordExit(&state, pid: 101, status: .exited(1), at: .seconds(1)))
        _ = advance(&state, &world, at: .seconds(1))  // slot 0 waits for its restart

        state.drainRequests += 1
        var (events, wake) = advance(&state, &world, at: .seconds(1) + .milliseconds(50))
        #expect(events == [.drainStarted(workers: 1, timeout: drainTimeout)])
        #expect(world.signals.map(\.pid) == [102] && world.signals.map(\.signal) == [SIGTERM])
        #expect(wake == start + .seconds(1) + .milliseconds(50) + drainTimeout)
        #expect(advance(&state, &world, at: .seconds(5)).events.isEmpty)  // no restart of slot 0

        #expect(recordExit(&state, pid: 102, status: .exited(0), at: .seconds(6)))
        (events, wake) = advance(&state, &world, at: .seconds(6))
        #expect(events == [.exited(slot: 1, pid: 102, status: .exited(0), lifetime: .seconds(6)), .finished])
        #expect(state.finished)
    }

    @Test func workersStillAliveAtTheDrainDeadlineGetSIGKILL() {
        var state = PoolState(workers: 2, backoff: RestartBackoff(), now: start)
        var world = World()
        _ = advance(&state, &world, at: .zero)
        state.drainRequests += 1
        _ = advance(&state, &world, at: .seconds(1))
        #expect(advance(&state, &world, at: .seconds(1) + drainTimeout - .milliseconds(1)).events.isEmpty)
        let (events, wake) = advance(&state, &world, at: .seconds(1) + drainTimeout)
        #expect(events == [.killed(pids: [101, 102])])
        #expect(world.signals.filter { $0.signal == SIGKILL }.map(\.pid) == [101, 102])
        #expect(wake == nil)
    }

    @Test func aSecondDrainRequestKillsAtOnce() {
        var state = PoolState(workers: 1, backoff: RestartBackoff(), now: start)
        var world = World()
        _ = advance(&state, &world, at: .zero)
        state.drainRequests += 1
        _ = advance(&state, &world, at: .seconds(1))
        state.drainRequests += 1
        #expect(advance(&state, &world, at: .seconds(2)).events == [.drainHurried, .killed(pids: [101])])
    }

    @Test func drainingWithNoWorkerRunningFinishesAtOnce() {
        var state = PoolState(workers: 1, backoff: RestartBackoff(), now: start)
        var world = World(failingSlots: [0])
        _ = advance(&state, &world, at: .zero)
        state.drainRequests += 1
        #expect(advance(&state, &world, at: .milliseconds(10)).events == [.drainStarted(workers: 0, timeout: drainTimeout), .finished])
        #expect(state.finished)
    }
}
