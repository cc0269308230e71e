import PostgresNIO

extension JobQueue {
    /// Puts finished jobs in `states` back in their queues, due now, with their error history kept; `resetAttempts`
    /// gives each its full `max_attempts` again, otherwise one more try. Rows another statement holds are skipped,
    /// and so is a job whose unique key a live job holds (of several finished jobs sharing a key, the newest goes).
    /// Returns the ids requeued; idle workers of their queues are woken at commit.
    func requeue(_ ids: [Int64], from states: [JobState], resetAttempts: Bool, on connection: PostgresConnection? = nil) async throws -> [Int64] {
        let rows = try await run(
            """
            WITH locked AS (
                SELECT id, unique_key FROM job_history h
                WHERE id = ANY(\(ids)) AND state = ANY(\(states.map(\.rawValue)))
                  AND (unique_key IS NULL OR NOT EXISTS (SELECT 1 FROM jobs l WHERE l.unique_key = h.unique_key))
                FOR UPDATE SKIP LOCKED
            ),
            chosen AS (
                SELECT id FROM (SELECT id, unique_key, row_number() OVER (PARTITION BY unique_key ORDER BY id DESC) AS rank FROM locked) c
                WHERE unique_key IS NULL OR rank = 1
            ),
            revived AS (DELETE FROM job_history h USING chosen WHERE h.id = chosen.id RETURNING h.*),
            requeued AS (
                INSERT INTO jobs (id, queue, kind, payload, priority, state, attempt, max_attempts, errors, unique_key, created_by, created_at,
                                  timeout_seconds, tags)
                SELECT id, queue, kind, payload, priority, 'available',
                       CASE WHEN \(resetAttempts) THEN 0 ELSE least(attempt, max_attempts - 1) END,
                       max_attempts, errors, unique_key, created_by, created_at, timeout_seconds, tags
                FROM revived
                RETURNING id, queue
            ),
            woken AS (SELECT count(pg_notify(\(channel), 'queue:' || queue)) AS notified FROM (SELECT DISTINCT queue FROM requeued) q)
            SELECT id FROM requeued CROSS JOIN woken
            """,
            on: connection
        )
        return try await rows.decode(Int64.self).reduce(into: []) { $0.append($1) }
    }
}
