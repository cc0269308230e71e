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
    ///
    /// Queues with a control row (paused, a paused kind, a limit) are left out, whatever the caller believes:
    /// `claimControlled` claims those. The check is one primary-key probe of a tiny table per queue.
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
                    FROM (SELECT name FROM unnest(\(queues)::text[]) AS u(name)
                          WHERE NOT EXISTS (SELECT 1 FROM queue_controls c WHERE c.queue = u.name)) AS q,
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
                RETURNING \(unescaped: Self.claimedColumns)
            )
            SELECT \(unescaped: Self.claimedOutput) FROM claimed ORDER BY priority, run_at, id
            """
        )
        return try await Self.decodeClaimed(rows, capacity: limit)
    }

    /// What a claim returns: `waited` is the seconds from when the job became due (the later of its creation and its
    /// `run_at`) to the claim.
    static let claimedColumns = """
        id, queue, kind, payload::text AS payload, attempt, max_attempts, created_at, timeout_seconds, priority, run_at,
        extract(epoch FROM now() - greatest(created_at, run_at))::float8 AS waited
        """
    static let claimedOutput = "id, queue, kind, payload, attempt, max_attempts, created_at, timeout_seconds, waited"

    static func decodeClaimed(_ rows: PostgresRowSequence, capacity: Int) async throws -> [ClaimedJob] {
        var jobs: [ClaimedJob] = []
        jobs.reserveCapacity(capacity)
        for try await (id, queue, kind, payload, attempt, maxAttempts, createdAt, timeout, waited) in rows.decode(
            (Int64, String, String, String, Int, Int, Date, Int?, Double).self
        ) {
            jobs.append(
                ClaimedJob(
                    id: id, queue: queue, kind: kind, payload: payload, attempt: attempt, maxAttempts: maxAttempts, createdAt: createdAt,
                    waited: .seconds(max(0, waited)), timeoutSeconds: timeout
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
