public import Foundation

/// When a schedule fires: on a cron expression in a time zone, or every fixed interval.
public enum ScheduleTiming: Sendable, Hashable {
    case cron(CronExpression, TimeZone)
    /// Ticks are the multiples of the interval since 1970-01-01T00:00Z (`every: 15m` fires at :00,
    /// :15, :30 and :45 of every hour), so every process computes the same ticks.
    case every(Duration)

    /// The first tick after `milliseconds` (Unix time, exclusive), in Unix milliseconds.
    public func next(after milliseconds: Int64) -> Int64? {
        switch self {
        case .cron(let expression, let zone):
            return expression.nextFire(after: milliseconds.floorDivided(by: 1000), in: zone).map { $0 * 1000 }
        case .every(let interval):
            let step = max(1, interval.milliseconds)
            return (milliseconds.floorDivided(by: step) + 1) * step
        }
    }

    /// The latest tick at or before `now` that comes after `last` (exclusive), nil if none.
    func latest(after last: Int64, atOrBefore now: Int64) -> Int64? {
        if case .every(let interval) = self {
            let step = max(1, interval.milliseconds)
            let tick = now.floorDivided(by: step) * step
            return tick > last ? tick : nil
        }
        // Walk from the last two days when they hold a tick, else from `last` (ticks are sparse then).
        var tick: Int64
        if let recent = next(after: max(last, now - 2 * 86_400_000)), recent <= now {
            tick = recent
        } else if let first = next(after: last), first <= now {
            tick = first
        } else {
            return nil
        }
        while let following = next(after: tick), following <= now { tick = following }
        return tick
    }

    /// `cron 0 3 * * *` or `every 15m`, as `kickoff schedules list` shows it.
    public var expression: String {
        switch self {
        case .cron(let expression, _): expression.text
        case .every(let interval): DurationText.format(interval)
        }
    }
}
