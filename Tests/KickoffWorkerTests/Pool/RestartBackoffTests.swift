@testable import KickoffWorker
import Testing


@Suite struct RestartBackoffTests {
    @Test func doublesFrom100msUpTo10s() {
        var backoff = RestartBackoff()
        let delays = (0..<10).map { _ in backoff.delay(afterRunningFor: .milliseconds(50)) }
        #expect(delays == [
            .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1_600),
            .milliseconds(3_200), .milliseconds(6_400), .seconds(10), .seconds(10), .seconds(10),
        ])
    }

    /// Regression (found by scripts/chaos): workers killed every few seconds kept doubling their
    /// slot's delay up to 10 s, and the pool sat with no worker at all.
    @Test func resetsAfterAWorkerLivedTwoSeconds() {
        var backoff = RestartBackoff()
        for _ in 0..<5 { _ = backoff.delay(afterRunningFor: .milliseconds(500)) }
        #expect(backoff.delay(afterRunningFor: .milliseconds(1_999)) == .milliseconds(3_200))
        #expect(backoff.delay(afterRunningFor: .seconds(2)) == .milliseconds(100))
        #expect(backoff.delay(afterRunningFor: .seconds(4)) == .milliseconds(100))
        #expect(backoff.delay(afterRunningFor: .zero) == .milliseconds(200))
    }
}
