/// A token bucket: `burst` requests at once, refilled at `requestsPerSecond`.
public struct RateLimit: Sendable, Hashable {
    public var requestsPerSecond: Double
    public var burst: Int

    public init(requestsPerSecond: Double = 100, burst: Int = 200) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
    }

    /// `count` at once, then one more every `60 / count` seconds: `count` a minute, sustained.
    public static func perMinute(_ count: Int) -> RateLimit {
        RateLimit(requestsPerSecond: Double(count) / 60, burst: count)
    }

    /// Reads an API key may make: polling a run or a dashboard's list is cheap, and never takes from
    /// the trigger budget.
    public static let defaultReads = RateLimit(requestsPerSecond: 500, burst: 1000)

    /// Failed dashboard logins a client address may make a minute.
    public static let defaultLoginAttempts = 10
}
