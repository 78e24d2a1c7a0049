import Foundation
@testable import KickoffModel
import Testing

@Suite struct CronExpressionTests {
    static let utc = ScheduleEntry.utc
    static func zone(_ name: String) throws -> TimeZone { try #require(TimeZone(identifier: name)) }

    /// Unix seconds of a UTC wall time.
    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Int64 {
        Int64(CivilDate(year: year, month: month, day: day).dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60)
    }

    /// The next `count` fire times after `start`, as RFC 3339 (UTC).
    static func fires(_ text: String, after start: Int64, in zone: TimeZone = utc, count: Int = 4) throws -> [String] {
        let expression = try CronExpression(text)
        var times: [String] = []
        var instant = start
        while times.count < count, let next = expression.nextFire(after: instant, in: zone) {
            times.append(Timestamp.rfc3339(milliseconds: next * 1000))
            instant = next
        }
        return times
    }

    @Test func fieldsAcceptNumbersRangesStepsListsAndNames() throws {
        let expression = try CronExpression("5,10-12,*/20 0-23/6 1 JAN-mar,DEC mon-FRI")
        #expect(expression.minutes.values == [0, 5, 10, 11, 12, 20, 40])
        #expect(expression.hours.values == [0, 6, 12, 18])
        #expect(expression.daysOfMonth.values == [1])
        #expect(expression.months.values == [1, 2, 3, 12])
        #expect(expression.daysOfWeek.values == [1, 2, 3, 4, 5])
        #expect(try CronExpression("0 0 * * 7").daysOfWeek.values == [0])
        #expect(try CronExpression("0 0 * * 5-7").daysOfWeek.values == [0, 5, 6])
        #expect(try CronExpression("10/20 * * * *").minutes.values == [10, 30, 50])
        let daily = try CronExpression("@daily")
        #expect(daily.minutes.values == [0] && daily.hours.values == [0] && daily.months.values.count == 12)
    }

    @Test func badExpressionsNameTheField() {
        let cases: [(String, String)] = [
            ("* * * *", "expected 5 fields"),
            ("60 * * * *", "minute field '60': 60 is outside 0-59"),
            ("* 24 * * *", "hour field '24'"),
            ("* * 0 * *", "day-of-month field '0'"),
            ("* * * 13 *", "month field '13'"),
            ("* * * FOO *", "month field 'FOO': 'FOO' is not a number or a name"),
            ("* * * * 8", "day-of-week field '8'"),
            ("*/0 * * * *", "step '0' is not a positive number"),
            ("5-1 * * * *", "range 5-1 runs backwards"),
            ("1,,2 * * * *", "is not a value, range or step"),
            ("0 0 30 2 *", "would never fire"),
        ]
        for (text, reason) in cases {
            #expect(throws: CronParseError.self, "\(text)") { try CronExpression(text) }
            do {
                _ = try CronExpression(text)
            } catch {
                #expect(error.description.contains(reason), "\(text): \(error.description)")
            }
        }
    }

    @Test func nextFireTimesInUTC() throws {
        let start = Self.utc(2025, 1, 31, 23, 59)
        #expect(try Self.fires("*/15 * * * *", after: start, count: 3) == [
            "2025-02-01T00:00:00.000Z", "2025-02-01T00:15:00.000Z", "2025-02-01T00:30:00.000Z",
        ])
        // Strictly after: a start on a tick gives the following one.
        #expect(try Self.fires("0 3 * * *", after: Self.utc(2025, 1, 1, 3), count: 1) == ["2025-01-02T03:00:00.000Z"])
        // Month ends and leap years.
        #expect(try Self.fires("0 0 31 * *", after: start, count: 2) == ["2025-03-31T00:00:00.000Z", "2025-05-31T00:00:00.000Z"])
        #expect(try Self.fires("0 12 29 FEB *", after: start, count: 1) == ["2028-02-29T12:00:00.000Z"])
        // 2025-02-01 is a Saturday.
        #expect(try Self.fires("30 9 * * MON-FRI", after: start, count: 2) == ["2025-02-03T09:30:00.000Z", "2025-02-04T09:30:00.000Z"])
    }

    @Test func dayOfMonthAndDayOfWeekBothRestrictedMatchEither() throws {
        // The 13th of each month, and every Friday (Vixie cron's rule).
        #expect(try Self.fires("0 0 13 * FRI", after: Self.utc(2025, 6, 1), count: 4) == [
            "2025-06-06T00:00:00.000Z", "2025-06-13T00:00:00.000Z", "2025-06-20T00:00:00.000Z", "2025-06-27T00:00:00.000Z",
        ])
        #expect(try Self.fires("0 0 1 * *", after: Self.utc(2025, 6, 1), count: 1) == ["2025-07-01T00:00:00.000Z"])
    }

    @Test func aTimeZoneShiftsTheWallClock() throws {
        // 03:00 in New York is 08:00Z in winter (EST) and 07:00Z in summer (EDT).
        let newYork = try Self.zone("America/New_York")
        #expect(try Self.fires("0 3 * * *", after: Self.utc(2025, 1, 10), in: newYork, count: 1) == ["2025-01-10T08:00:00.000Z"])
        #expect(try Self.fires("0 3 * * *", after: Self.utc(2025, 7, 10), in: newYork, count: 1) == ["2025-07-10T07:00:00.000Z"])
    }

    @Test func springForwardFiresASkippedWallTimeWhenTheGapEnds() throws {
        // Europe/Berlin, 2024-03-31: 02:00 CET jumps to 03:00 CEST (01:00Z). 02:30 does not exist that
        // day: it fires at 03:00 CEST; the days around keep their own offsets.
        let berlin = try Self.zone("Europe/Berlin")
        #expect(try Self.fires("30 2 * * *", after: Self.utc(2024, 3, 29, 12), in: berlin, count: 3) == [
            "2024-03-30T01:30:00.000Z", "2024-03-31T01:00:00.000Z", "2024-04-01T00:30:00.000Z",
        ])
        // Every 30 minutes across the gap: 01:30 CET, then 03:00 CEST (both skipped wall times are one instant).
        #expect(try Self.fires("*/30 * * * *", after: Self.utc(2024, 3, 31, 0, 15), in: berlin, count: 3) == [
            "2024-03-31T00:30:00.000Z", "2024-03-31T01:00:00.000Z", "2024-03-31T01:30:00.000Z",
        ])
    }

    @Test func fallBackFiresARepeatedWallTimeOnce() throws {
        // Europe/Berlin, 2024-10-27: 03:00 CEST goes back to 02:00 CET (01:00Z); 02:30 happens twice
        // and fires at its first occurrence only.
        let berlin = try Self.zone("Europe/Berlin")
        #expect(try Self.fires("30 2 * * *", after: Self.utc(2024, 10, 25, 12), in: berlin, count: 3) == [
            "2024-10-26T00:30:00.000Z", "2024-10-27T00:30:00.000Z", "2024-10-28T01:30:00.000Z",
        ])
        #expect(try Self.fires("0 * * * *", after: Self.utc(2024, 10, 26, 23, 30), in: berlin, count: 3) == [
            "2024-10-27T00:00:00.000Z", "2024-10-27T02:00:00.000Z", "2024-10-27T03:00:00.000Z",
        ])
        // From inside the repeated hour (the second 02:10), the next is 03:00 CET.
        #expect(try Self.fires("30 2 * * *", after: Self.utc(2024, 10, 27, 1, 10), in: berlin, count: 1) == ["2024-10-28T01:30:00.000Z"])
    }

    @Test func everyTicksAreMultiplesOfTheIntervalSinceTheEpoch() {
        let timing = ScheduleTiming.every(.seconds(900))
        #expect(timing.next(after: 0) == 900_000)
        #expect(timing.next(after: 899_999) == 900_000)
        #expect(timing.next(after: 900_000) == 1_800_000)
        #expect(timing.latest(after: 0, atOrBefore: 2_000_000) == 1_800_000)
        #expect(timing.latest(after: 1_800_000, atOrBefore: 2_000_000) == nil)
    }

    @Test func civilDatesRoundTrip() {
        for day in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CivilDate(dayNumber: CivilDate(dayNumber: day).dayNumber).dayNumber == day)
        }
        #expect(CivilDate(year: 1970, month: 1, day: 1).weekday == 4)
        #expect(CivilDate(year: 2024, month: 2, day: 29).weekday == 4)
    }
}
