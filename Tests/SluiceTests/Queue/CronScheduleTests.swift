import Foundation
import Testing
@testable import Queue

/// Time zones and daylight saving time. Europe/Berlin springs from 02:00 CET to 03:00 CEST on 2026-03-29
/// (01:00 UTC) and falls back from 03:00 CEST to 02:00 CET on 2026-10-25 (01:00 UTC).
@Suite struct CronScheduleTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    @Test func wallTimesAreReadInTheZone() throws {
        #expect(try CronExpressionTests.ticks("30 2 * * *", after: "2026-03-01T00:00:00Z", count: 2, zone: Self.berlin)
            == ["2026-03-01T01:30:00Z", "2026-03-02T01:30:00Z"])
        #expect(try CronExpressionTests.ticks("30 2 * * *", after: "2026-07-01T00:00:00Z", count: 1, zone: Self.berlin) == ["2026-07-01T00:30:00Z"])
        let newYork = TimeZone(identifier: "America/New_York")!
        #expect(try CronExpressionTests.ticks("0 9 * * *", after: "2026-01-10T00:00:00Z", count: 1, zone: newYork) == ["2026-01-10T14:00:00Z"])
    }

    @Test func aTickInTheSkippedHourRunsOnceWhenTheGapEnds() throws {
        // 02:30 does not exist on 2026-03-29: it runs at 03:00 CEST (01:00 UTC), then on its usual wall time.
        #expect(try CronExpressionTests.ticks("30 2 * * *", after: "2026-03-28T12:00:00Z", count: 3, zone: Self.berlin)
            == ["2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z"])
        // Every quarter hour: 02:00-02:45 collapse into the one run at 03:00, then 03:15 follows.
        #expect(try CronExpressionTests.ticks("*/15 * * * *", after: "2026-03-29T00:30:00Z", count: 4, zone: Self.berlin)
            == ["2026-03-29T00:45:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:15:00Z", "2026-03-29T01:30:00Z"])
        // A schedule at 03:00 and one in the gap land on the same instant: one run.
        #expect(try CronExpressionTests.ticks("30 2,3 * * *", after: "2026-03-28T23:00:00Z", count: 2, zone: Self.berlin)
            == ["2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z"])
    }

    @Test func aTickInTheRepeatedHourRunsOnceAtItsFirstOccurrence() throws {
        // 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET): only the first fires.
        #expect(try CronExpressionTests.ticks("30 2 * * *", after: "2026-10-24T12:00:00Z", count: 2, zone: Self.berlin)
            == ["2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"])
        // Hourly: 02:00 CEST fires, 02:00 CET does not, 03:00 CET does.
        #expect(try CronExpressionTests.ticks("0 * * * *", after: "2026-10-24T23:30:00Z", count: 3, zone: Self.berlin)
            == ["2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z", "2026-10-25T03:00:00Z"])
    }

    @Test func aScheduleStartedInsideTheRepeatedHourWaitsForTheNextNewWallTime() throws {
        // At 02:10 CET (the second 02:10) the wall times up to 02:59 already passed once: next is 03:00 CET.
        #expect(try CronExpressionTests.ticks("*/15 * * * *", after: "2026-10-25T01:10:00Z", count: 2, zone: Self.berlin)
            == ["2026-10-25T02:00:00Z", "2026-10-25T02:15:00Z"])
    }

    @Test func utcHasNoGapsOrRepeats() throws {
        let utc = TimeZone(identifier: "UTC")!
        #expect(try CronExpressionTests.ticks("0 * * * *", after: "2026-10-24T23:30:00Z", count: 4, zone: utc)
            == ["2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z", "2026-10-25T03:00:00Z"])
    }
}
