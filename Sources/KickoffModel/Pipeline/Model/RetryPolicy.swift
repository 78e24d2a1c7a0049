/// How often a failed run is tried again, and how long to wait between attempts.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first one included; 1 means no retry.
    public var maxAttempts: Int
    /// The wait before the second attempt; it doubles for each further attempt.
    public var backoff: Duration

    public init(maxAttempts: Int = 1, backoff: Duration = .seconds(5)) {
        self.maxAttempts = maxAttempts
        self.backoff = backoff
    }

    /// The wait before attempt `attempt` (2 is the first retry): `backoff × 2^(attempt − 2)`.
    /// The doubling stops at 2^20 so that a large attempt count cannot overflow.
    public func delay(beforeAttempt attempt: Int) -> Duration {
        guard attempt > 1 else { return .zero }
        return backoff * (1 << min(attempt - 2, 20))
    }
}
