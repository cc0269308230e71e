import Foundation
import PostgresNIO

extension JobQueue {
    /// Claims up to `limit` due jobs of `queues` in one statement, skipping rows other workers hold:
    /// each becomes `running`, locked by `workerID`, its attempt counted, its lease running for `lease`.
    ///
    /// Each queue is read with its own walk of `jobs_claim_idx` (`queue = q.name` per `LATERAL`), so a claim costs
    /// in proportion to the batch, not the backlog: with `queue = ANY(...)` PostgreSQL sorted every due job on
    /// every claim. `id = ANY(ARRAY(...))` makes the update a primary-key lookup rather than a hash join over
    /// the table. Rows a queue locked beyond the overall limit are released when the statement ends.
    public func claim(workerID: String, queues: [String], limit: Int, lease: Duration) async throws -> [ClaimedJob] {
        guard limit > 0, !queues.isEmpty else { return [] }
        let rows = try await run(
            """
            WITH claimed AS (
                UPDATE jobs
                SET state = 'running', attempt = attempt + 1, locked_by = \(workerID),
                    lease_expires_at = now() + make_interval(secs => \(lease.seconds)), attempted_at = now()
                WHERE id = ANY(ARRAY(
                    SELECT due.id
                    FROM unnest(\(queues)::text[]) AS q(name),
                         LATERAL (
                             SELECT id, priority, run_at FROM jobs
                             WHERE state IN ('available', 'scheduled', 'retryable') AND queue = q.name AND run_at <= now()
                             ORDER BY priority, run_at, id
                             LIMIT \(limit)
                             FOR UPDATE SKIP LOCKED
                         ) due
                    ORDER BY due.priority, due.run_at, due.id
                    LIMIT \(limit)
                ))
                RETURNING id, queue, kind, payload::text AS payload, attempt, max_attempts, created_at, priority, run_at,
                    extract(epoch FROM now() - greatest(created_at, run_at))::float8 AS waited
            )
            SELECT id, queue, kind, payload, attempt, max_attempts, created_at, waited FROM claimed ORDER BY priority, run_at, id
            """
        )
        var jobs: [ClaimedJob] = []
        jobs.reserveCapacity(limit)
        let decoded = rows.decode((Int64, String, String, String, Int, Int, Date, Double).self)
        for try await (id, queue, kind, payload, attempt, maxAttempts, createdAt, waited) in decoded {
            jobs.append(
                ClaimedJob(
                    id: id, queue: queue, kind: kind, payload: payload, attempt: attempt, maxAttempts: maxAttempts, createdAt: createdAt,
                    waited: .seconds(max(0, waited))
                )
            )
        }
        return jobs
    }
}

extension Duration {
    /// Whole and fractional seconds, for `make_interval(secs => ...)`.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
