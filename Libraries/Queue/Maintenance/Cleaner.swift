import PostgresNIO

extension JobQueue {
    /// Deletes finished jobs older than their retention from `job_history`, in batches so no statement holds
    /// locks for long. Returns how many it deleted.
    @discardableResult
    public func pruneHistory(_ retention: Retention, batchSize: Int = 10_000, on connection: PostgresConnection? = nil) async throws -> Int {
        var total = 0
        for (state, keep) in [(JobState.completed, retention.completed), (.cancelled, retention.cancelled), (.discarded, retention.discarded)] {
            while true {
                let rows = try await run(
                    """
                    WITH old AS (
                        SELECT id FROM job_history
                        WHERE state = \(state.rawValue) AND finished_at < now() - make_interval(secs => \(keep.seconds))
                        LIMIT \(batchSize)
                    ),
                    deleted AS (DELETE FROM job_history h USING old WHERE h.id = old.id RETURNING 1)
                    SELECT count(*)::int8 FROM deleted
                    """,
                    on: connection
                )
                let deleted = try await rows.decode(Int.self).reduce(0, +)
                total += deleted
                if deleted < batchSize { break }
            }
        }
        return total
    }
}
