import PostgresNIO

extension JobQueue {
    /// Moves live jobs matching `guardSQL` (over alias `j`, with `$3` bound to `extra`) to `job_history` in a
    /// final state, appending each non-empty error to the job's errors and bumping the totals. Returns the moved ids.
    @discardableResult
    func archive(
        _ jobs: [(id: Int64, error: String)],
        as state: JobState,
        where guardSQL: String,
        extra: String = "",
        on connection: PostgresConnection? = nil
    ) async throws -> [Int64] {
        precondition(state.isFinal)
        guard !jobs.isEmpty else { return [] }
        var bindings = PostgresBindings()
        bindings.append(jobs.map(\.id))
        bindings.append(jobs.map(\.error))
        bindings.append(extra)
        bindings.append(state.rawValue)
        let sql = """
            WITH input AS (SELECT * FROM unnest($1::int8[], $2::text[]) AS t(id, error)),
            done AS (
                DELETE FROM jobs j USING input i WHERE j.id = i.id AND \(guardSQL)
                RETURNING j.id, j.queue, j.kind, j.payload, j.priority, j.attempt, j.max_attempts, j.errors, j.unique_key,
                          j.created_by, j.created_at, j.attempted_at, j.timeout_seconds, j.tags, i.error
            ),
            moved AS (
                INSERT INTO job_history (id, queue, kind, payload, priority, state, attempt, max_attempts, errors, unique_key,
                                         created_by, created_at, attempted_at, timeout_seconds, tags)
                SELECT id, queue, kind, payload, priority, $4, attempt, max_attempts,
                       CASE WHEN error = '' THEN errors
                            ELSE errors || jsonb_build_array(jsonb_build_object('attempt', attempt, 'at', now(), 'error', error)) END,
                       unique_key, created_by, created_at, attempted_at, timeout_seconds, tags
                FROM done
                RETURNING id, queue, kind
            ),
            counted AS (
                INSERT INTO job_counters AS c (queue, kind, completed, cancelled, discarded)
                SELECT queue, kind, 0, count(*) FILTER (WHERE $4 = 'cancelled'), count(*) FILTER (WHERE $4 = 'discarded')
                FROM moved GROUP BY queue, kind ORDER BY queue, kind
                ON CONFLICT (queue, kind) DO UPDATE
                SET cancelled = c.cancelled + excluded.cancelled, discarded = c.discarded + excluded.discarded
            )
            SELECT id FROM moved
            """
        let rows = try await run(PostgresQuery(unsafeSQL: sql, binds: bindings), on: connection)
        return try await rows.decode(Int64.self).reduce(into: []) { $0.append($1) }
    }
}
