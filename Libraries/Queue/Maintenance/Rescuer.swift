import PostgresNIO

extension JobQueue {
    /// Returns running jobs whose lease expired (their worker died or hung) to `available`, recording the lost
    /// attempt as an error; jobs that were on their last attempt are discarded instead, and jobs whose
    /// cancellation was requested end `cancelled`. Returns how many it moved.
    @discardableResult
    public func rescueExpired(limit: Int = 1000, on connection: PostgresConnection? = nil) async throws -> Int {
        let rescued = try await run(
            """
            WITH expired AS (
                SELECT id FROM jobs
                WHERE state = 'running' AND lease_expires_at < now() AND attempt < max_attempts AND cancel_requested_at IS NULL
                ORDER BY lease_expires_at LIMIT \(limit) FOR UPDATE SKIP LOCKED
            ),
            returned AS (
                UPDATE jobs j SET state = 'available', locked_by = NULL, lease_expires_at = NULL,
                    errors = j.errors || jsonb_build_array(jsonb_build_object(
                        'attempt', j.attempt, 'at', now(), 'error', 'lease expired: worker ' || coalesce(j.locked_by, '?') || ' stopped renewing it'))
                FROM expired WHERE j.id = expired.id
                RETURNING j.queue
            )
            SELECT (SELECT count(*) FROM returned)::int8, count(pg_notify(\(channel), 'queue:' || queue))::int8
            FROM (SELECT DISTINCT queue FROM returned) q
            """,
            on: connection
        )
        var returned = 0
        for try await (count, _) in rescued.decode((Int, Int).self) { returned = count }
        let ended = try await run(
            """
            SELECT id, locked_by, cancel_requested_at IS NOT NULL FROM jobs
            WHERE state = 'running' AND lease_expires_at < now() AND (attempt >= max_attempts OR cancel_requested_at IS NOT NULL)
            ORDER BY lease_expires_at LIMIT \(limit)
            """,
            on: connection
        )
        var discards: [(id: Int64, error: String)] = []
        var cancels: [(id: Int64, error: String)] = []
        for try await (id, lockedBy, cancelRequested) in ended.decode((Int64, String?, Bool).self) {
            let error = "lease expired: worker \(lockedBy ?? "?") stopped renewing it"
            if cancelRequested { cancels.append((id, error)) } else { discards.append((id, error + " on the last attempt")) }
        }
        let expired = "j.state = 'running' AND j.lease_expires_at < now()"
        let discarded = try await archive(discards, as: .discarded, where: expired, on: connection).count
        let cancelled = try await archive(cancels, as: .cancelled, where: expired, on: connection).count
        if returned + discarded + cancelled > 0 {
            logger.info(
                "rescued jobs with expired leases",
                metadata: ["returned": "\(returned)", "discarded": "\(discarded)", "cancelled": "\(cancelled)"]
            )
        }
        return returned + discarded + cancelled
    }
}
