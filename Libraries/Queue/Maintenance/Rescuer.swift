import PostgresNIO

extension JobQueue {
    /// Returns running jobs whose lease expired (their worker died or hung) to `available`, recording the lost
    /// attempt as an error; jobs that were on their last attempt are discarded instead. Returns how many it moved.
    @discardableResult
    public func rescueExpired(limit: Int = 1000, on connection: PostgresConnection? = nil) async throws -> Int {
        let rescued = try await run(
            """
            WITH expired AS (
                SELECT id FROM jobs
                WHERE state = 'running' AND lease_expires_at < now() AND attempt < max_attempts
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
        let exhausted = try await run(
            """
            SELECT id, locked_by FROM jobs
            WHERE state = 'running' AND lease_expires_at < now() AND attempt >= max_attempts
            ORDER BY lease_expires_at LIMIT \(limit)
            """,
            on: connection
        )
        var discards: [(id: Int64, error: String)] = []
        for try await (id, lockedBy) in exhausted.decode((Int64, String?).self) {
            discards.append((id, "lease expired on the last attempt: worker \(lockedBy ?? "?") stopped renewing it"))
        }
        let discarded = try await archive(discards, as: .discarded, where: "j.state = 'running' AND j.lease_expires_at < now()", on: connection)
        if returned + discarded.count > 0 {
            logger.info("rescued jobs with expired leases", metadata: ["returned": "\(returned)", "discarded": "\(discarded.count)"])
        }
        return returned + discarded.count
    }
}
