import Foundation
import Testing
@testable import Queue
@testable import Worker

/// Periodic job definitions and the tick pass against a real database.
@Suite struct PeriodicJobsTests {
    /// Jobs enqueued for `name`, by tick (from the payload's `sluice_periodic.tick_at`), live and finished.
    static func ticks(_ db: TestDatabase, _ name: String) async throws -> [String: Int] {
        let rows = try await db.client.query(
            """
            SELECT payload->'sluice_periodic'->>'tick_at', count(*)::int8 FROM (SELECT payload FROM jobs UNION ALL SELECT payload FROM job_history) j
            WHERE payload->'sluice_periodic'->>'name' = \(name) GROUP BY 1
            """,
            logger: db.logger
        )
        var ticks: [String: Int] = [:]
        for try await (tick, count) in rows.decode((String, Int).self) { ticks[tick] = count }
        return ticks
    }

    @Test func concurrentPassesEnqueueEachTickOnce() async throws {
        try await TestDatabase.with { db in
            let periodic = PeriodicJobs(queue: db.queue)
            _ = try await periodic.add(PeriodicJob(name: "every-second", cron: "* * * * * *", kind: "noop", payload: #"{"report":"hourly"}"#))
            // Due for the last 20 seconds: 20 or 21 ticks, whichever pass gets each.
            try await db.execute("UPDATE periodic_jobs SET next_run_at = date_trunc('second', now()) - interval '20 seconds'")
            let enqueued = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 { group.addTask { try await periodic.enqueueDue().enqueued } }
                return try await group.reduce(0, +)
            }
            let ticks = try await Self.ticks(db, "every-second")
            #expect(enqueued == ticks.count)
            #expect(ticks.count >= 20)
            #expect(ticks.values.allSatisfy { $0 == 1 })
            let seconds = ticks.keys.compactMap { try? Date($0, strategy: .iso8601) }.sorted()
            #expect(seconds.count == ticks.count && seconds.last!.timeIntervalSince(seconds.first!) == Double(seconds.count - 1), "no tick left out")
            let record = try await periodic.get("every-second")
            #expect(try #require(record.nextRunAt) == seconds.last!.addingTimeInterval(1), "the schedule continues after the last tick")
            let payload = try await db.scalar("SELECT payload::text FROM jobs LIMIT 1", as: String.self)
            #expect(payload.contains(#""report": "hourly""#))
            #expect(try await db.scalar("SELECT count(*) FROM jobs WHERE unique_key LIKE 'periodic:every-second:%'", as: Int.self) == ticks.count)
        }
    }

    @Test func aSchedulerThatDiesMidTickLeavesTheTickToTheNextOne() async throws {
        try await TestDatabase.with { db in
            let periodic = PeriodicJobs(queue: db.queue)
            _ = try await periodic.add(PeriodicJob(name: "hourly", cron: "@hourly", kind: "noop"))
            try await db.execute("UPDATE periodic_jobs SET next_run_at = date_trunc('second', now()) - interval '1 second'")
            try await db.client.withConnection { dying in
                // What a scheduler has done when it is killed: the row locked, the tick's job inserted, nothing committed.
                _ = try await dying.query("BEGIN", logger: db.logger).collect()
                _ = try await dying.query("SELECT name FROM periodic_jobs FOR UPDATE", logger: db.logger).collect()
                _ = try await db.queue.enqueue(NewJob(kind: "noop", uniqueKey: "half-done"), on: dying)
                #expect(try await periodic.enqueueDue().enqueued == 0, "the locked row is skipped, not waited for")
                _ = try await dying.query("ROLLBACK", logger: db.logger).collect()
            }
            #expect(try await periodic.enqueueDue().enqueued == 1)
            #expect(try await periodic.enqueueDue().enqueued == 0)
            #expect(try await Self.ticks(db, "hourly").values.reduce(0, +) == 1)
            #expect(try await db.scalar("SELECT count(*) FROM jobs", as: Int.self) == 1)
        }
    }

    @Test func missedTicksAreSkippedOrCaughtUpWithOne() async throws {
        try await TestDatabase.with { db in
            let periodic = PeriodicJobs(queue: db.queue)
            // A daily tick twelve hours away from now, so no tick is due on time during the test.
            let hour = (Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: .now).hour! + 12) % 24
            _ = try await periodic.add(PeriodicJob(name: "skipper", cron: "0 \(hour) * * *", kind: "noop"))
            _ = try await periodic.add(PeriodicJob(name: "catcher", cron: "0 \(hour) * * *", kind: "noop", catchUp: .one))
            try await db.execute("UPDATE periodic_jobs SET next_run_at = now() - interval '3 days'")
            #expect(try await periodic.enqueueDue().enqueued == 1)
            #expect(try await Self.ticks(db, "skipper").isEmpty)
            let caught = try await Self.ticks(db, "catcher")
            #expect(caught.count == 1)
            let tickText = try #require(caught.keys.first)
            let tick = try #require(try? Date(tickText, strategy: .iso8601))
            #expect(tick < .now && tick > Date.now.addingTimeInterval(-86_400), "the latest missed tick, within the last day")
            for name in ["skipper", "catcher"] {
                #expect(try #require(try await periodic.get(name).nextRunAt) > .now)
            }
            #expect(try await periodic.get("catcher").lastRunAt == tick)
            #expect(try await periodic.enqueueDue().enqueued == 0)
        }
    }

    @Test func theTickPassRunsTheSkippedHourOnceAndTheRepeatedHourOnce() throws {
        let schedule = try PeriodicJob(name: "dst", cron: "30 2 * * *", timeZone: "Europe/Berlin", kind: "noop").validated()
        let date = { (text: String) throws -> Date in try Date(text, strategy: .iso8601) }
        // Spring forward: 02:30 does not exist on 2026-03-29; the tick is at 03:00 CEST (01:00 UTC).
        let spring = try #require(schedule.next(after: try date("2026-03-28T12:00:00Z")))
        let expectedSpring = try date("2026-03-29T01:00:00Z")
        #expect(spring == expectedSpring)
        let (springTicks, afterSpring) = PeriodicJobs.ticks(schedule, from: spring, now: try date("2026-03-29T01:00:01Z"), missedAfter: .seconds(60), catchUp: .skip)
        #expect(springTicks == [spring])
        let expectedAfterSpring = try date("2026-03-30T00:30:00Z")
        #expect(afterSpring == expectedAfterSpring)
        // Fall back: a pass after the second 02:30 (01:30 UTC) still enqueues only the first (00:30 UTC).
        let fall = try #require(schedule.next(after: try date("2026-10-24T12:00:00Z")))
        let (fallTicks, afterFall) = PeriodicJobs.ticks(schedule, from: fall, now: try date("2026-10-25T01:30:30Z"), missedAfter: .seconds(7200), catchUp: .skip)
        let firstOccurrence = try date("2026-10-25T00:30:00Z")
        let nextDay = try date("2026-10-26T01:30:00Z")
        #expect(fallTicks == [firstOccurrence])
        #expect(afterFall == nextDay)
    }

    @Test func definitionsAreValidatedNamingTheField() async throws {
        try await TestDatabase.with { db in
            let periodic = PeriodicJobs(queue: db.queue)
            let cases: [(PeriodicJob, String)] = [
                (PeriodicJob(name: "Bad Name", cron: "* * * * *", kind: "noop"), "name"),
                (PeriodicJob(name: "ok", cron: "* * *", kind: "noop"), "cron"),
                (PeriodicJob(name: "ok", cron: "* * * * *", timeZone: "Mars/Olympus", kind: "noop"), "time_zone"),
                (PeriodicJob(name: "ok", cron: "* * * * *", kind: ""), "kind"),
                (PeriodicJob(name: "ok", cron: "* * * * *", kind: "noop", payload: "[1]"), "payload"),
                (PeriodicJob(name: "ok", cron: "* * * * *", kind: "noop", maxAttempts: 0), "max_attempts"),
            ]
            for (job, field) in cases {
                await #expect { try await periodic.add(job) } throws: { error in
                    guard case QueueError.invalid(let named, _) = error else { return false }
                    return named == field
                }
            }
            #expect(try await periodic.list().isEmpty)
            _ = try await periodic.add(PeriodicJob(name: "ok", cron: "* * * * *", kind: "noop"))
            await #expect(throws: PeriodicJobError.alreadyExists(name: "ok")) { try await periodic.add(PeriodicJob(name: "ok", cron: "@daily", kind: "noop")) }
            await #expect(throws: PeriodicJobError.notFound(name: "nope")) { try await periodic.remove("nope") }
        }
    }

    @Test func disablingClearsTheNextRunAndEnablingRestartsFromNow() async throws {
        try await TestDatabase.with { db in
            let periodic = PeriodicJobs(queue: db.queue)
            let added = try await periodic.add(PeriodicJob(name: "hourly", cron: "@hourly", kind: "noop"))
            #expect(try #require(added.nextRunAt) > .now)
            #expect(try await periodic.setEnabled("hourly", false).nextRunAt == nil)
            try await db.execute("UPDATE periodic_jobs SET next_run_at = now() - interval '1 hour'")
            #expect(try await periodic.enqueueDue().enqueued == 0, "a disabled definition never ticks")
            let enabled = try await periodic.setEnabled("hourly", true)
            #expect(try #require(enabled.nextRunAt) > .now)
            let changed = try await periodic.update("hourly") { $0.payload = #"{"a":1}"# }
            #expect(changed.nextRunAt == enabled.nextRunAt, "a payload change keeps the schedule")
            try await periodic.remove("hourly")
            #expect(try await periodic.list().isEmpty)
        }
    }

    struct Cleanup: PeriodicJobHandler {
        let kind = "cleanup"
        var cron = "0 3 * * *"
        var periodic: [PeriodicJob] { [PeriodicJob(name: "nightly-cleanup", cron: cron, timeZone: "Europe/Berlin", kind: kind)] }
        func run(_ job: JobContext) async throws {}
    }

    @Test func handlersDeclarePeriodicJobsThatAreUpsertedKeepingTheOperatorsSwitch() async throws {
        try await TestDatabase.with { db in
            let registry = HandlerRegistry([Cleanup(), NoopJobHandler()])
            #expect(registry.periodicJobs.map(\.name) == ["nightly-cleanup"])
            let periodic = PeriodicJobs(queue: db.queue)
            try await periodic.declare(registry.periodicJobs)
            let first = try await periodic.get("nightly-cleanup")
            #expect(first.declaredInCode)
            #expect(first.nextRunAt != nil)
            _ = try await periodic.setEnabled("nightly-cleanup", false)
            try await periodic.declare(HandlerRegistry([Cleanup(cron: "0 4 * * *")]).periodicJobs)
            let again = try await periodic.get("nightly-cleanup")
            #expect(again.definition.cron == "0 4 * * *")
            #expect(!again.definition.enabled)
            #expect(again.nextRunAt == nil)
        }
    }
}
