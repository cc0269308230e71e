import Foundation
import PostgresNIO

extension JobQueue {
    /// Live and finished jobs as one relation, with the columns `decodeRecord` reads.
    static let allJobs = """
        (SELECT id, queue, kind, payload::text AS payload, priority::int8 AS priority, state, attempt, max_attempts, run_at,
                errors::text AS errors, unique_key, locked_by, created_at, NULL::timestamptz AS finished_at,
                timeout_seconds, NULL::text AS result, tags
         FROM jobs
         UNION ALL
         SELECT id, queue, kind, payload::text, priority::int8, state, attempt, max_attempts, NULL, errors::text,
                unique_key, NULL, created_at, finished_at, timeout_seconds, result::text, tags
         FROM job_history) j
        """
    static let recordColumns = "id, queue, kind, payload, priority, state, attempt, max_attempts, run_at, errors, unique_key, locked_by, created_at, finished_at"
        + ", timeout_seconds, result, tags"

    /// One job, live or finished, or `nil` when no such job exists (or it was pruned).
    public func job(_ id: Int64, on connection: PostgresConnection? = nil) async throws -> JobRecord? {
        let rows = try await run("SELECT \(unescaped: Self.recordColumns) FROM \(unescaped: Self.allJobs) WHERE id = \(id)", on: connection)
        for try await row in rows { return try Self.decodeRecord(row) }
        return nil
    }

    /// Jobs matching `filter` with ids below `before`, newest first.
    public func list(_ filter: JobFilter, before: Int64, limit: Int, on connection: PostgresConnection? = nil) async throws -> [JobRecord] {
        var bindings = PostgresBindings()
        let matching = filter.sql(&bindings)
        bindings.append(before)
        bindings.append(limit)
        let sql = """
            SELECT \(Self.recordColumns) FROM \(Self.allJobs)
            WHERE \(matching) AND id < $\(bindings.count - 1) ORDER BY id DESC LIMIT $\(bindings.count)
            """
        let rows = try await run(PostgresQuery(unsafeSQL: sql, binds: bindings), on: connection)
        var records: [JobRecord] = []
        for try await row in rows { records.append(try Self.decodeRecord(row)) }
        return records
    }

    static func decodeRecord(_ row: PostgresRow) throws -> JobRecord {
        let (id, queue, kind, payload, priority, state, attempt, maxAttempts, runAt, errors, uniqueKey, lockedBy, createdAt, finishedAt, timeout, result, tags) =
            try row.decode((Int64, String, String, String, Int, String, Int, Int, Date?, String, String?, String?, Date, Date?, Int?, String?, [String]).self)
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
            errors: try JSONDecoder().decode([JobRecord.AttemptError].self, from: Data(errors.utf8)),
            uniqueKey: uniqueKey,
            lockedBy: lockedBy,
            createdAt: createdAt,
            finishedAt: finishedAt,
            timeoutSeconds: timeout,
            result: result,
            tags: tags
        )
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
