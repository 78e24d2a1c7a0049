/// A standard 5-field cron expression: `minute hour day-of-month month day-of-week`, each field `*`,
/// a number, a range `a-b`, a step `*/n` or `a-b/n`, or a comma-separated list of these; months
/// and weekdays also by name (`JAN`…`DEC`, `SUN`…`SAT`, case-insensitive), weekday 7 is Sunday.
/// The macros `@yearly`, `@monthly`, `@weekly`, `@daily` and `@hourly` stand for their usual fields.
///
/// As in Vixie cron, when both day-of-month and day-of-week are restricted (neither is `*`), a day
/// matches if either matches (`0 0 1 * MON`: the 1st of each month and every Monday).
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The text as written in the pipeline file.
    public let text: String
    let minutes: CronField
    let hours: CronField
    let daysOfMonth: CronField
    let months: CronField
    /// 0 = Sunday … 6 = Saturday (a 7 in the text is folded into 0).
    let daysOfWeek: CronField
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool

    public var description: String { text }

    public init(_ text: String) throws(CronParseError) {
        self.text = text
        var fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if fields.count == 1, let expanded = Self.macros[fields[0].lowercased()] {
            fields = expanded.split(separator: " ").map(String.init)
        }
        guard fields.count == 5 else {
            throw CronParseError(text: text, reason: "expected 5 fields (minute hour day-of-month month day-of-week), got \(fields.count)")
        }
        minutes = try CronField.parse(fields[0], .minute, in: text)
        hours = try CronField.parse(fields[1], .hour, in: text)
        daysOfMonth = try CronField.parse(fields[2], .dayOfMonth, in: text)
        months = try CronField.parse(fields[3], .month, in: text)
        daysOfWeek = try CronField.parse(fields[4], .dayOfWeek, in: text)
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        dayOfWeekRestricted = !fields[4].hasPrefix("*")
        // A day-of-month no selected month has (`0 0 30 2 *`) would never fire.
        if !dayOfWeekRestricted {
            let longest = months.values.map { CivilDate.maximumDays(inMonth: $0) }.max() ?? 31
            guard daysOfMonth.values.contains(where: { $0 <= longest }) else {
                throw CronParseError(text: text, reason: "no selected month has day \(daysOfMonth.values.min() ?? 31): it would never fire")
            }
        }
    }

    static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    /// Whether the expression selects this calendar day.
    func matches(_ date: CivilDate) -> Bool {
        guard months.contains(date.month) else { return false }
        let dayOfMonth = daysOfMonth.contains(date.day)
        let dayOfWeek = daysOfWeek.contains(date.weekday)
        if dayOfMonthRestricted && dayOfWeekRestricted { return dayOfMonth || dayOfWeek }
        return dayOfMonth && dayOfWeek
    }
}
