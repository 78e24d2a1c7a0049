import KickoffTestSupport
import Testing

@testable import KickoffWorker

/// `StopSignal`, `DedicatedThread` and `PoolMonitor`: the waits of the worker's and the pool's threads.
/// Blocking waits run on dedicated threads, never on the test's task.
@Suite struct WaitPrimitiveTests {
    @Test func aWaitWithoutStopRunsItsWholeTimeout() async throws {
        let signal = StopSignal()
        let (stopped, elapsed) = try await onDedicatedThread {
            let start = ContinuousClock.now
            let stopped = signal.wait(for: .milliseconds(50))
            return (stopped, ContinuousClock.now - start)
        }
        #expect(!stopped)
        #expect(elapsed >= .milliseconds(50))
        #expect(!signal.isStopped)
    }

    @Test func stopEndsAWaitAtOnceAndEveryLaterOne() async throws {
        let signal = StopSignal()
        let waiting = StopSignal()
        let waited = PoolMonitor<Bool?>(nil)
        let waiter = DedicatedThread.start("test-waiter") {
            waiting.stop()
            let stopped = signal.wait(for: .seconds(60))
            waited.update { $0 = stopped }
        }
        let (first, second, again, elapsed) = try await onDedicatedThread {
            waiting.wait()
            let first = signal.stop(), second = signal.stop()
            waiter.join()
            let start = ContinuousClock.now
            let again = signal.wait(for: .seconds(60))
            return (first, second, again, ContinuousClock.now - start)
        }
        #expect(waited.update { $0 } == true)
        #expect(first && !second)  // the first stop only
        #expect(again && elapsed < .seconds(1))
        #expect(signal.isStopped)
    }

    @Test func aMonitorWaiterSeesEveryUpdate() async throws {
        let monitor = PoolMonitor(0)
        let seen = PoolMonitor<Int?>(nil)
        let waiter = DedicatedThread.start("test-monitor") {
            // No deadline: only the updates below end this wait.
            let value = monitor.wait(while: { $0 < 3 }, until: nil) { value in
                defer { value = 100 }
                return value
            }
            seen.update { $0 = value }
        }
        for _ in 0..<3 { monitor.update { $0 += 1 } }
        try await onDedicatedThread { waiter.join() }
        #expect(seen.update { $0 } == 3)
        #expect(monitor.update { $0 } == 100)
    }

    @Test func aMonitorWaitEndsAtItsDeadline() async throws {
        let monitor = PoolMonitor(0)
        let (value, elapsed) = try await onDedicatedThread {
            let start = ContinuousClock.now
            let value = monitor.wait(while: { _ in true }, until: start + .milliseconds(50)) { $0 }
            return (value, ContinuousClock.now - start)
        }
        #expect(value == 0)
        #expect(elapsed >= .milliseconds(50))
    }
}
