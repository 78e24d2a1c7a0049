@testable import KickoffWorker
import Testing


@Suite struct OutageTrackerTests {
    /// Regression (found by scripts/outage): a worker whose run had been given up had no heartbeat to
    /// notice the end of an outage first, so its first maintenance call after it reported no outage,
    /// and every running run was taken over from its live worker the moment Redis came back.
    @Test func theOutageGoingOnIsReportedByTheCallThatGetsThrough() {
        let start = ContinuousClock.now
        var tracker = OutageTracker()
        #expect(tracker.unreachable(at: start) == .zero)
        tracker.record(reached: false, at: start)
        tracker.record(reached: false, at: start + .seconds(1))
        #expect(tracker.unreachable(at: start + .seconds(5)) == .seconds(5))
        tracker.record(reached: true, at: start + .seconds(5))
        #expect(tracker.unreachable(at: start + .seconds(6)) == .seconds(5))  // until maintenance has reported it
        tracker.lastOutage = .zero
        #expect(tracker.unreachable(at: start + .seconds(7)) == .zero)
    }
}
