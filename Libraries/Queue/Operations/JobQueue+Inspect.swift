import Foundation
import PostgresNIO

extension JobQueue {
    /// One job, live or finished, or `nil` when no such job exists (or it was pruned).
    public func job(_ id: Int64) async throws -> JobRecord? {
        let rows = try await run(
            """
            SELECT id, queue, kind, payload::text, priority::int8, state, attempt, max_attempts, run_at, errors::text,
                   unique_key, locked_by, created_at, NULL::timestamptz AS finished_at
            FROM jobs WHERE id = \(id)
            UNION ALL
            SELECT id, queue, kind, payload::text, priority::int8, state, attempt, max_attempts, NULL, errors::text,
                   unique_key, NULL, created_at, finished_at
            FROM job_history WHERE id = \(id)
            """
        )
        let decoder = JSONDecoder()
        for try await row in rows {
            let (id, queue, kind, payload, priority, state, attempt, maxAttempts, runAt, errors, uniqueKey, lockedBy, createdAt, finishedAt) =
                try row.decode((Int64, String, String, String, Int, String, Int, Int, Date?, String, String?, String?, Date, Date?).self)
            return JobRecord(
                id: id,
                queue: queue,
                kind: kind,
                payload: payload,
                priority: priority,
                state: JobState(rawValue: state) ?? .available,
                attempt: attempt,
                maxAttempts: maxAttempts,
                runAt: runAt,
                errors: try decoder.decode([JobRecord.AttemptError].self, from: Data(errors.utf8)),
                uniqueKey: uniqueKey,
                lockedBy: lockedBy,
                createdAt: createdAt,
                finishedAt: finishedAt
            )
        }
        return nil
    }

    /// Counts by queue, kind and state: live jobs, plus the dead-letter queue (`discarded`).
    public func stats() async throws -> [QueueStat] {
        let rows = try await run(
            """
            SELECT queue, kind, state, count(*)::int8 FROM jobs GROUP BY queue, kind, state
            UNION ALL
            SELECT queue, kind, state, count(*)::int8 FROM job_history WHERE state = 'discarded' GROUP BY queue, kind, state
            ORDER BY 1, 2, 3
            """
        )
        var stats: [QueueStat] = []
        for try await (queue, kind, state, count) in rows.decode((String, String, String, Int).self) {
            guard let state = JobState(rawValue: state) else { continue }
            stats.append(QueueStat(queue: queue, kind: kind, state: state, count: count))
        }
        return stats
    }

    /// The cumulative completed/cancelled/discarded totals per queue and kind.
    public func counters() async throws -> [JobCounter] {
        let rows = try await run("SELECT queue, kind, completed, cancelled, discarded FROM job_counters ORDER BY queue, kind")
        var counters: [JobCounter] = []
        for try await (queue, kind, completed, cancelled, discarded) in rows.decode((String, String, Int64, Int64, Int64).self) {
            counters.append(JobCounter(queue: queue, kind: kind, completed: completed, cancelled: cancelled, discarded: discarded))
        }
        return counters
    }
}
