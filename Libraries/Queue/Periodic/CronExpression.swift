import Foundation

/// A cron schedule in wall-clock time: 5 fields (`minute hour day-of-month month day-of-week`) or 6 with seconds
/// first. Each field takes `*`, values, ranges `a-b`, steps `*/n`, `a/n`, `a-b/n` and lists `a,b-c`; months and
/// weekdays take names (`JAN`, `MON`, any case); weekday 0 and 7 are Sunday; `?` means `*` in the day fields. A
/// range written backwards wraps (`22-2` in hours is 22, 23, 0, 1, 2). As in Vixie cron, when both day fields are
/// restricted a day matching either one fires. `@yearly`, `@monthly`, `@weekly`, `@daily`, `@hourly` are shorthands.
///
/// ```swift
/// let nightly = try CronExpression("30 2 * * MON-FRI")
/// let everyTenSeconds = try CronExpression("*/10 * * * * *")
/// ```
public struct CronExpression: Sendable, Equatable, CustomStringConvertible {
    public let description: String
    let seconds: CronField
    let minutes: CronField
    let hours: CronField
    let daysOfMonth: CronField
    let months: CronField
    let daysOfWeek: CronField
    /// Whether the field was restricted (did not start with `*` or `?`): with both restricted, either day matches.
    let daysOfMonthRestricted: Bool
    let daysOfWeekRestricted: Bool

    static let shorthands = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]
    static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    static let weekdayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    public init(_ text: String) throws(CronError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let expanded = Self.shorthands[trimmed.lowercased()] ?? trimmed
        var fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 || fields.count == 6 else {
            throw CronError("must have 5 fields (minute hour day-of-month month day-of-week) or 6 (with seconds first), not \(fields.count)")
        }
        if fields.count == 5 { fields.insert("0", at: 0) }
        description = trimmed
        seconds = try CronField(fields[0], name: "second", range: 0...59)
        minutes = try CronField(fields[1], name: "minute", range: 0...59)
        hours = try CronField(fields[2], name: "hour", range: 0...23)
        daysOfMonth = try CronField(fields[3], name: "day-of-month", range: 1...31, allowsAny: true)
        months = try CronField(fields[4], name: "month", range: 1...12, names: Self.monthNames, nameBase: 1)
        daysOfWeek = try CronField(fields[5], name: "day-of-week", range: 0...7, names: Self.weekdayNames, nameBase: 0, allowsAny: true).foldingSevenToZero()
        daysOfMonthRestricted = !(fields[3].hasPrefix("*") || fields[3].hasPrefix("?"))
        daysOfWeekRestricted = !(fields[5].hasPrefix("*") || fields[5].hasPrefix("?"))
    }

    /// Whether the schedule fires on this calendar day (`weekday` 0 = Sunday).
    func matchesDay(day: Int, month: Int, weekday: Int) -> Bool {
        guard months.contains(month) else { return false }
        let byDate = daysOfMonth.contains(day)
        let byWeekday = daysOfWeek.contains(weekday)
        return daysOfMonthRestricted && daysOfWeekRestricted ? byDate || byWeekday : byDate && byWeekday
    }
}

/// Why a cron expression was refused.
public struct CronError: Error, Equatable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
