import Foundation

/// How long to wait before each retry of a delivery; after the last one the delivery is a dead letter.
/// Each wait is jittered (±20 %) so that many deliveries failing together do not retry in lockstep.
public struct WebhookRetrySchedule: Sendable, Hashable {
    /// The waits before retry 1, 2, …: a delivery makes at most `delays.count + 1` attempts.
    public var delays: [Duration]

    public init(delays: [Duration]) {
        self.delays = delays
    }

    /// About a day in all: 5s, 30s, 2m, 10m, 30m, 1h, 3h, 6h, 12h (nearly 23 h 43 m, 10 attempts).
    public static let standard = WebhookRetrySchedule(delays: [
        .seconds(5), .seconds(30), .seconds(120), .seconds(600), .seconds(1800),
        .seconds(3600), .seconds(3 * 3600), .seconds(6 * 3600), .seconds(12 * 3600),
    ])

    /// Reads `5s,30s,2m` (pipeline-file durations, comma or space separated; `none` for no retries).
    public static func parse(_ text: String) throws(DurationParseError) -> WebhookRetrySchedule {
        if text.trimmingCharacters(in: .whitespaces) == "none" { return WebhookRetrySchedule(delays: []) }
        var delays: [Duration] = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == " " }) {
            delays.append(try DurationParser.parse(String(part)))
        }
        return WebhookRetrySchedule(delays: delays)
    }

    public var maxAttempts: Int { delays.count + 1 }

    /// The wait after failed attempt `attempt` (1-based), or nil when it was the last one.
    /// A receiver's `Retry-After` is honoured when it asks for longer than the schedule.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration? = nil) -> Duration? {
        guard attempt >= 1, attempt <= delays.count else { return nil }
        let planned = delays[attempt - 1]
        let jittered = planned * Double.random(in: 0.8...1.2)
        guard let retryAfter else { return jittered }
        // Capped, so that a hostile answer cannot park a delivery for years.
        return max(jittered, min(retryAfter, .seconds(24 * 3600)))
    }
}
