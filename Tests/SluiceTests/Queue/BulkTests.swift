import Foundation
import PostgresNIO
import Testing
@testable import Queue

/// Bulk actions by filter and by ids, against a real database.
@Suite struct BulkTests {
    /// Inserts `count` discarded jobs straight into history (quicker than failing them), erroring with `error`.
    static func seedDiscarded(_ db: TestDatabase, count: Int, kind: String = "noop", queue: String = "default", error: String = "boom", tags: [String] = []) async throws {
        try await db.execute(
            """
            INSERT INTO job_history (id, queue, kind, payload, priority, state, attempt, max_attempts, errors, created_at, finished_at, tags)
            SELECT nextval('jobs_id_seq'), \(queue), \(kind), '{}', 0, 'discarded', 3, 3,
                   jsonb_build_array(jsonb_build_object('attempt', 3, 'at', now(), 'error', \(error)::text)), now(), now(), \(tags)
            FROM generate_series(1, \(count))
            """
        )
    }

    @Test func aDryRunCountsAndChangesNothing() async throws {
        try await TestDatabase.with { db in
            try await Self.seedDiscarded(db, count: 30, error: "HTTP 503 from partner")
            try await Self.seedDiscarded(db, count: 20, error: "timeout")
            let report = try await db.queue.bulk(.retryFinished, filter: JobFilter(errorContains: "http 503"), dryRun: true)
            #expect(report == BulkReport(matched: 30, affected: 0, capped: false))
            #expect(try await db.scalar("SELECT count(*) FROM job_history WHERE state = 'discarded'", as: Int.self) == 50)
        }
    }

    @Test func retryWorksInChunksUpToTheCapAndReportsIt() async throws {
        try await TestDatabase.with { db in
            try await Self.seedDiscarded(db, count: 25, kind: "mail")
            try await Self.seedDiscarded(db, count: 5, kind: "sms")
            let first = try await db.queue.bulk(.retryFinished, filter: JobFilter(kind: "mail"), dryRun: false, cap: 20, chunk: 7)
            #expect(first == BulkReport(matched: 20, affected: 20, capped: true))
            let second = try await db.queue.bulk(.retryFinished, filter: JobFilter(kind: "mail"), dryRun: false, cap: 20, chunk: 7)
            #expect(second == BulkReport(matched: 5, affected: 5, capped: false))
            #expect(try await db.scalar("SELECT count(*) FROM jobs WHERE kind = 'mail' AND state = 'available' AND attempt = 0", as: Int.self) == 25)
            #expect(try await db.scalar("SELECT count(*) FROM jobs WHERE jsonb_array_length(errors) = 1", as: Int.self) == 25, "errors kept")
            #expect(try await db.scalar("SELECT count(*) FROM job_history WHERE kind = 'sms'", as: Int.self) == 5)
        }
    }

    @Test func requeueWithoutResetGivesOneMoreAttemptAndSkipsHeldUniqueKeys() async throws {
        try await TestDatabase.with { db in
            try await Self.seedDiscarded(db, count: 3)
            try await db.execute("UPDATE job_history SET unique_key = 'k' WHERE id = (SELECT min(id) FROM job_history)")
            _ = try await db.queue.enqueue(NewJob(kind: "noop", uniqueKey: "k"))
            let report = try await db.queue.bulk(.requeueDiscarded(resetAttempts: false), filter: JobFilter(), dryRun: false)
            #expect(report == BulkReport(matched: 3, affected: 2, capped: false))
            #expect(try await db.scalar("SELECT count(*) FROM jobs WHERE attempt = 2 AND max_attempts = 3", as: Int.self) == 2)
            #expect(try await db.scalar("SELECT count(*) FROM job_history WHERE unique_key = 'k'", as: Int.self) == 1)
        }
    }

    @Test func cancelTakesWaitingJobsAndAsksRunningOnesToStop() async throws {
        try await TestDatabase.with { db in
            let jobs = try await db.queue.enqueue((0..<6).map { NewJob(kind: "noop", queue: $0 < 4 ? "bad" : "good") })
            _ = try await db.queue.claim(workerID: "w", queues: ["bad"], limit: 1, lease: .seconds(30))
            let report = try await db.queue.bulk(.cancel, filter: JobFilter(queue: "bad"), dryRun: false)
            #expect(report == BulkReport(matched: 4, affected: 4, capped: false))
            #expect(try await db.scalar("SELECT count(*) FROM job_history WHERE state = 'cancelled'", as: Int.self) == 3)
            #expect(try await db.scalar("SELECT count(*) FROM jobs WHERE cancel_requested_at IS NOT NULL", as: Int.self) == 1)
            #expect(try await db.queue.job(jobs[5].id)?.state == .available)
            #expect(try await db.queue.counters().first?.cancelled == 3)
        }
    }

    @Test func deleteByIdsAndTagNeverTouchesRunningJobs() async throws {
        try await TestDatabase.with { db in
            let jobs = try await db.queue.enqueue((0..<4).map { _ in NewJob(kind: "noop", tags: ["cleanup"]) })
            _ = try await db.queue.claim(workerID: "w", queues: ["default"], limit: 1, lease: .seconds(30))
            try await Self.seedDiscarded(db, count: 2, tags: ["cleanup"])
            try await Self.seedDiscarded(db, count: 2)
            let byTag = try await db.queue.bulk(.deleteJobs, filter: JobFilter(tag: "cleanup"), dryRun: false)
            #expect(byTag == BulkReport(matched: 5, affected: 5, capped: false))
            #expect(try await db.scalar("SELECT count(*) FROM jobs", as: Int.self) == 1)
            #expect(try await db.scalar("SELECT count(*) FROM job_history", as: Int.self) == 2)
            let running = try await db.queue.bulk(.deleteJobs, filter: JobFilter(ids: [jobs[0].id]), dryRun: false)
            #expect(running.affected == 0)
            let history = try await db.scalar("SELECT min(id) FROM job_history", as: Int64.self)
            let byID = try await db.queue.bulk(.deleteDiscarded, filter: JobFilter(ids: [history, 999_999]), dryRun: false)
            #expect(byID == BulkReport(matched: 1, affected: 1, capped: false))
        }
    }

    @Test func aFilterStateOutsideTheActionsStatesMatchesNothing() async throws {
        try await TestDatabase.with { db in
            try await Self.seedDiscarded(db, count: 2)
            #expect(try await db.queue.bulk(.retryFinished, filter: JobFilter(state: .running), dryRun: false) == BulkReport())
            #expect(try await db.queue.bulk(.retryFinished, filter: JobFilter(state: .discarded, finishedBefore: .now - 3600), dryRun: true) == BulkReport())
            #expect(try await db.queue.bulk(.retryFinished, filter: JobFilter(state: .discarded, finishedAfter: .now - 3600), dryRun: true).matched == 2)
        }
    }
}
