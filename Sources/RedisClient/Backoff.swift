/// Exponential backoff with jitter between reconnect attempts: initial, ×2 each failure, capped.
public struct Backoff: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration

    public init(initial: Duration = .milliseconds(50), maximum: Duration = .seconds(2)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The pause after `failures` consecutive failures (1 → about `initial`).
    /// Half fixed, half random, so that many clients do not reconnect in lockstep.
    public func delay(afterFailures failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        let exponent = min(failures - 1, 30)
        let full = min(initial * (1 << exponent), maximum)
        let half = full / 2
        let jitterNanos = Int64.random(in: 0...max(0, half.nanoseconds))
        return half + .nanoseconds(jitterNanos)
    }
}

extension Duration {
    /// Whole nanoseconds, saturating.
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds.multipliedReportingOverflow(by: 1_000_000_000).partialValue + attoseconds / 1_000_000_000
    }
}
