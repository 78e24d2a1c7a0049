import Foundation

/// Wall-clock times of one time zone, as seconds since 1970-01-01T00:00 of that wall clock, and the
/// instants (Unix seconds) they happen at. Around daylight-saving changes it decides what cron
/// users expect: a wall time that happens twice (autumn) happens at its first occurrence; one
/// that never happens (spring) happens when the gap ends.
struct ZoneClock: Sendable {
    let zone: TimeZone

    func offset(atInstant seconds: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))))
    }

    func wall(ofInstant seconds: Int64) -> Int64 {
        seconds + offset(atInstant: seconds)
    }

    func instant(ofWall wallTime: Int64) -> Int64 {
        // Offsets change at most once a day in every zone there is: the offsets a day either side
        // are the only ones this wall time can have.
        let before = offset(atInstant: wallTime - 86_400)
        let after = offset(atInstant: wallTime + 86_400)
        let valid = [wallTime - before, wallTime - after].filter { wall(ofInstant: $0) == wallTime }
        if let earliest = valid.min() { return earliest }
        // In the gap: the change happened at T with T + before <= wallTime < T + after. Find T.
        var low = wallTime - after, high = wallTime - before  // offset(low) == before, offset(high) == after
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offset(atInstant: middle) == before { low = middle } else { high = middle }
        }
        return high
    }
}

extension Int64 {
    /// Division rounding toward minus infinity (for times before 1970 and negative offsets).
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
