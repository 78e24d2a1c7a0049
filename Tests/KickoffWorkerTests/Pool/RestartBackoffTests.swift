import Testing

@testable import KickoffWorker

@Suite struct RestartBackoffTests {
    @Test func doublesFrom100msUpTo10s() {
        var backoff = RestartBackoff()
        let delays = (0..<10).map { _ in backoff.delay(afterRunningFor: .milliseconds(50)) }
        #expect(delays == [
            .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1_600),
            .milliseconds(3_200), .milliseconds(6_400), .seconds(10), .seconds(10), .seconds(10),
        ])
    }

    @Test func resetsAfterAWorkerLived30Seconds() {
        var backoff = RestartBackoff()
        for _ in 0..<5 { _ = backoff.delay(afterRunningFor: .seconds(1)) }
        #expect(backoff.delay(afterRunningFor: .seconds(29)) == .milliseconds(3_200))
        #expect(backoff.delay(afterRunningFor: .seconds(30)) == .milliseconds(100))
        #expect(backoff.delay(afterRunningFor: .zero) == .milliseconds(200))
    }
}
