@testable import KickoffModel
import Testing

@Suite struct SchedulePlannerTests {
    static let minute: Int64 = 60_000
    let everyMinute = ScheduleTiming.every(.seconds(60))

    func plan(_ timing: ScheduleTiming, _ misfire: MisfirePolicy = .runOnce, last: Int64?, now: Int64) -> SchedulePlanner.Plan {
        SchedulePlanner.plan(timing, misfire: misfire, lastTick: last, now: now, grace: .seconds(60))
    }

    @Test func aScheduleSeenForTheFirstTimeFiresNothingUntilItsNextTick() {
        let plan = plan(everyMinute, last: nil, now: 10 * Self.minute + 5)
        #expect(plan.actions == [.skip(tick: 10 * Self.minute + 5)])
        #expect(plan.nextDue == 11 * Self.minute)
    }

    @Test func aTickInTheFutureWaits() {
        let plan = plan(everyMinute, last: 10 * Self.minute, now: 10 * Self.minute + 59_999)
        #expect(plan.actions.isEmpty)
        #expect(plan.nextDue == 11 * Self.minute)
    }

    @Test func aDueTickFiresAndLateTicksWithinTheGraceCatchUpEachOnce() {
        #expect(plan(everyMinute, last: 10 * Self.minute, now: 11 * Self.minute).actions == [.fire(tick: 11 * Self.minute, misfire: false)])
        let seconds = ScheduleTiming.every(.seconds(1))
        // A new leader 3 s late: the three ticks it missed fire now, in order.
        let plan = plan(seconds, last: 100_000, now: 103_500)
        #expect(plan.actions == [.fire(tick: 101_000, misfire: false), .fire(tick: 102_000, misfire: false), .fire(tick: 103_000, misfire: false)])
        #expect(plan.nextDue == 104_000)
    }

    @Test func afterDowntimeSkipFiresNothingForTheMissedTicks() {
        let plan = plan(everyMinute, .skip, last: 10 * Self.minute, now: 200 * Self.minute + 30_000)
        #expect(plan.actions == [.skip(tick: 200 * Self.minute)])
        #expect(plan.nextDue == 201 * Self.minute)
    }

    @Test func afterDowntimeRunOnceFiresOneRunForTheMissedTicks() {
        let plan = plan(everyMinute, .runOnce, last: 10 * Self.minute, now: 200 * Self.minute + 30_000)
        #expect(plan.actions == [.fire(tick: 200 * Self.minute, misfire: true)])
        #expect(plan.nextDue == 201 * Self.minute)
    }

    @Test func cronMisfireFindsTheLatestPassedTick() throws {
        // Daily at 03:00 UTC, last fired 2025-01-01, now 2025-03-10 12:00: the latest passed tick is 03-10 03:00.
        let timing = ScheduleTiming.cron(try CronExpression("0 3 * * *"), ScheduleEntry.utc)
        let last = CronExpressionTests.utc(2025, 1, 1, 3) * 1000
        let now = CronExpressionTests.utc(2025, 3, 10, 12) * 1000
        let plan = plan(timing, .runOnce, last: last, now: now)
        #expect(plan.actions == [.fire(tick: CronExpressionTests.utc(2025, 3, 10, 3) * 1000, misfire: true)])
        #expect(plan.nextDue == CronExpressionTests.utc(2025, 3, 11, 3) * 1000)
        // A yearly schedule missed for years: the walk goes tick by tick from the last one.
        let yearly = ScheduleTiming.cron(try CronExpression("@yearly"), ScheduleEntry.utc)
        #expect(yearly.latest(after: CronExpressionTests.utc(2020, 1, 1) * 1000, atOrBefore: now) == CronExpressionTests.utc(2025, 1, 1) * 1000)
    }
}
