public import Foundation

extension CronExpression {
    /// The first time after `instant` (Unix seconds, exclusive) that the expression selects on the
    /// wall clock of `zone`, as Unix seconds; nil if none within the next five years.
    public func nextFire(after instant: Int64, in zone: TimeZone) -> Int64? {
        let clock = ZoneClock(zone: zone)
        let startWall = clock.wall(ofInstant: instant)
        var day = startWall.floorDivided(by: 86_400)
        for _ in 0..<(5 * 366 + 2) {
            defer { day += 1 }
            guard matches(CivilDate(dayNumber: Int(day))) else { continue }
            for hour in hours.values {
                for minute in minutes.values {
                    let wall = day * 86_400 + Int64(hour * 3600 + minute * 60)
                    // Earlier wall times can only map to an instant after `instant` across a
                    // daylight-saving change, which never spans more than a few hours.
                    if wall < startWall - 4 * 3600 { continue }
                    let fire = clock.instant(ofWall: wall)
                    if fire > instant { return fire }
                }
            }
        }
        return nil
    }
}
