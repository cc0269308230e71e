import Foundation
import PostgresNIO

extension JobQueue {
    /// Claims up to `limit` due jobs of `queues` in one statement, skipping rows other workers hold:
    /// each becomes `running`, locked by `workerID`, its attempt counted, its lease running for `lease`.
    public func claim(workerID: String, queues: [String], limit: Int, lease: Duration) async throws -> [ClaimedJob] {
        guard limit > 0 else { return [] }
        let rows = try await run(
            """
            UPDATE jobs j
            SET state = 'running', attempt = j.attempt + 1, locked_by = \(workerID),
                lease_expires_at = now() + make_interval(secs => \(lease.seconds)), attempted_at = now()
            FROM (
                SELECT id FROM jobs
                WHERE state IN ('available', 'scheduled', 'retryable') AND queue = ANY(\(queues)) AND run_at <= now()
                ORDER BY priority, run_at, id
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
            ) due
            WHERE j.id = due.id
            RETURNING j.id, j.queue, j.kind, j.payload::text, j.attempt, j.max_attempts, j.created_at
            """
        )
        var jobs: [ClaimedJob] = []
        jobs.reserveCapacity(limit)
        for try await (id, queue, kind, payload, attempt, maxAttempts, createdAt) in rows.decode((Int64, String, String, String, Int, Int, Date).self) {
            jobs.append(ClaimedJob(id: id, queue: queue, kind: kind, payload: payload, attempt: attempt, maxAttempts: maxAttempts, createdAt: createdAt))
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
