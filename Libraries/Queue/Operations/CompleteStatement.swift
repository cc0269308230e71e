import PostgresNIO

/// `complete`'s move to `job_history` as a prepared statement, for the reason `ClaimStatement` gives: every batch
/// of finished jobs runs it. Answers how many jobs it moved.
struct CompleteStatement: PostgresPreparedStatement {
    static let sql = """
        WITH done AS (
            DELETE FROM jobs WHERE id = ANY($1::int8[]) AND locked_by = $2 AND state = 'running'
            RETURNING id, queue, kind, payload, priority, attempt, max_attempts, errors, unique_key, created_by,
                      created_at, attempted_at, timeout_seconds, tags
        ),
        moved AS (
            INSERT INTO job_history (id, queue, kind, payload, priority, state, attempt, max_attempts, errors, unique_key,
                                     created_by, created_at, attempted_at, timeout_seconds, result, tags)
            SELECT d.id, queue, kind, payload, priority, 'completed', attempt, max_attempts, errors, unique_key, created_by,
                   created_at, attempted_at, timeout_seconds, r.result::jsonb, tags
            FROM done d LEFT JOIN unnest($3::int8[], $4::text[]) AS r(id, result) ON r.id = d.id
            RETURNING queue, kind
        ),
        counted AS (
            INSERT INTO job_counters AS c (queue, kind, completed)
            SELECT queue, kind, count(*) FROM moved GROUP BY queue, kind ORDER BY queue, kind
            ON CONFLICT (queue, kind) DO UPDATE SET completed = c.completed + excluded.completed
        )
        SELECT count(*)::int8 FROM moved
        """

    typealias Row = Int

    let ids: [Int64]
    let workerID: String
    /// The JSON results handlers returned, by job id.
    let results: [Int64: String]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(ids)
        bindings.append(workerID)
        bindings.append(Array(results.keys))
        bindings.append(Array(results.values))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}
