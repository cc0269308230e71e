import Foundation
import Testing
@testable import Queue

/// The cron parser and the search for the next tick, in UTC (time zones and DST: CronScheduleTests).
@Suite struct CronExpressionTests {
    static let utc = TimeZone(identifier: "UTC")!

    /// The next `count` ticks after `start` (RFC 3339 in UTC), formatted the same way.
    static func ticks(_ cron: String, after start: String, count: Int = 5, zone: TimeZone = utc) throws -> [String] {
        let schedule = CronSchedule(try CronExpression(cron), timeZone: zone)
        var date = try #require(try? Date(start, strategy: .iso8601))
        var result: [String] = []
        for _ in 0..<count {
            guard let next = schedule.next(after: date) else { break }
            result.append(next.formatted(.iso8601))
            date = next
        }
        return result
    }

    @Test func fiveFieldsFireOnWholeMinutes() throws {
        #expect(try Self.ticks("*/15 * * * *", after: "2026-03-01T10:07:30Z", count: 3) == ["2026-03-01T10:15:00Z", "2026-03-01T10:30:00Z", "2026-03-01T10:45:00Z"])
        #expect(try Self.ticks("0 9 * * *", after: "2026-03-01T09:00:00Z", count: 2) == ["2026-03-02T09:00:00Z", "2026-03-03T09:00:00Z"])
    }

    @Test func sixFieldsTakeSecondsFirst() throws {
        #expect(try Self.ticks("*/20 * * * * *", after: "2026-03-01T10:00:05Z", count: 4)
            == ["2026-03-01T10:00:20Z", "2026-03-01T10:00:40Z", "2026-03-01T10:01:00Z", "2026-03-01T10:01:20Z"])
        #expect(try Self.ticks("30 0 12 * * *", after: "2026-03-01T12:00:30Z", count: 1) == ["2026-03-02T12:00:30Z"])
    }

    @Test func rangesListsStepsAndNames() throws {
        // Weekdays at 08:30 and 17:00; 2026-03-06 is a Friday.
        #expect(try Self.ticks("0,30 8,17 * * MON-FRI", after: "2026-03-06T17:00:00Z", count: 3)
            == ["2026-03-06T17:30:00Z", "2026-03-09T08:00:00Z", "2026-03-09T08:30:00Z"])
        #expect(try Self.ticks("0 0 1 jan,Jul *", after: "2026-03-01T00:00:00Z", count: 2) == ["2026-07-01T00:00:00Z", "2027-01-01T00:00:00Z"])
        #expect(try Self.ticks("10-20/5 3 * * *", after: "2026-03-01T00:00:00Z", count: 4)
            == ["2026-03-01T03:10:00Z", "2026-03-01T03:15:00Z", "2026-03-01T03:20:00Z", "2026-03-02T03:10:00Z"])
        #expect(try Self.ticks("0 5/8 * * *", after: "2026-03-01T00:00:00Z", count: 3) == ["2026-03-01T05:00:00Z", "2026-03-01T13:00:00Z", "2026-03-01T21:00:00Z"])
    }

    @Test func backwardsRangesWrapAndSevenIsSunday() throws {
        #expect(try Self.ticks("0 22-1 * * *", after: "2026-03-01T12:00:00Z", count: 4)
            == ["2026-03-01T22:00:00Z", "2026-03-01T23:00:00Z", "2026-03-02T00:00:00Z", "2026-03-02T01:00:00Z"])
        // 2026-03-01 is a Sunday.
        #expect(try Self.ticks("0 12 * * 7", after: "2026-02-27T00:00:00Z", count: 2) == ["2026-03-01T12:00:00Z", "2026-03-08T12:00:00Z"])
        #expect(try Self.ticks("0 12 * * FRI-SUN", after: "2026-02-26T00:00:00Z", count: 3)
            == ["2026-02-27T12:00:00Z", "2026-02-28T12:00:00Z", "2026-03-01T12:00:00Z"])
    }

    @Test func restrictedDayOfMonthAndWeekdayMatchEither() throws {
        // The 13th, or any Friday: 2026-03-06 and 03-13 are Fridays, 03-13 also the 13th.
        #expect(try Self.ticks("0 0 13 * FRI", after: "2026-03-01T00:00:00Z", count: 3)
            == ["2026-03-06T00:00:00Z", "2026-03-13T00:00:00Z", "2026-03-20T00:00:00Z"])
        #expect(try Self.ticks("0 0 13 * *", after: "2026-03-01T00:00:00Z", count: 1) == ["2026-03-13T00:00:00Z"])
    }

    @Test func shorthandsAndLeapDays() throws {
        #expect(try Self.ticks("@hourly", after: "2026-03-01T10:59:59Z", count: 1) == ["2026-03-01T11:00:00Z"])
        #expect(try Self.ticks("@weekly", after: "2026-03-02T00:00:00Z", count: 1) == ["2026-03-08T00:00:00Z"])
        #expect(try Self.ticks("0 0 29 2 *", after: "2026-03-01T00:00:00Z", count: 2) == ["2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"])
        #expect(try Self.ticks("0 0 31 4 *", after: "2026-03-01T00:00:00Z", count: 1).isEmpty, "April has no 31st")
    }

    @Test(arguments: [
        "", "* * * *", "* * * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * 32 * *", "* * * 13 *", "* * * * 8", "*/0 * * * *",
        "1-2-3 * * * *", "a * * * *", "* * * FOO *", "1,,2 * * * *", "-1 * * * *", "5/ * * * *", "? * * * *", "@often",
    ])
    func malformedExpressionsAreRefused(cron: String) {
        #expect(throws: CronError.self) { try CronExpression(cron) }
    }

    @Test func latestTickLooksBackwardsThroughSparseAndDenseSchedules() throws {
        let at = try #require(try? Date("2026-03-04T10:00:30Z", strategy: .iso8601))
        let nightly = CronSchedule(try CronExpression("0 2 * * *"), timeZone: Self.utc)
        #expect(nightly.latest(atOrBefore: at)?.formatted(.iso8601) == "2026-03-04T02:00:00Z")
        let perSecond = CronSchedule(try CronExpression("* * * * * *"), timeZone: Self.utc)
        #expect(perSecond.latest(atOrBefore: at)?.formatted(.iso8601) == "2026-03-04T10:00:30Z")
        let yearly = CronSchedule(try CronExpression("@yearly"), timeZone: Self.utc)
        #expect(yearly.latest(atOrBefore: at)?.formatted(.iso8601) == "2026-01-01T00:00:00Z")
    }
}
