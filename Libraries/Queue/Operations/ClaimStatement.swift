import Foundation
import PostgresNIO

/// `claim`'s update as a prepared statement: a busy worker runs it dozens of times a second, and PostgreSQL parsing
/// and analysing it each time was, with `complete`'s, part of the 4 % of its CPU that went to parsing statements (in
/// `perf` of a fanout latency run). Answers the claimed jobs as `JobQueue.decodeClaimed` reads them.
struct ClaimStatement: PostgresPreparedStatement {
    static let sql = """
        WITH claimed AS (
            UPDATE jobs
            SET state = 'running', attempt = attempt + 1, locked_by = $1,
                lease_expires_at = now() + make_interval(secs => $2::float8), attempted_at = now()
            WHERE id = ANY(ARRAY(
                SELECT due.id
                FROM (SELECT name FROM unnest($3::text[]) AS u(name)
                      WHERE NOT EXISTS (SELECT 1 FROM queue_controls c WHERE c.queue = u.name)) AS q,
                     LATERAL (
                         SELECT id, priority, run_at FROM jobs
                         WHERE state IN ('available', 'scheduled', 'retryable') AND queue = q.name AND run_at <= now()
                         ORDER BY priority, run_at, id
                         LIMIT $4
                         FOR UPDATE SKIP LOCKED
                     ) due
                ORDER BY due.priority, due.run_at, due.id
                LIMIT $4
            ))
            RETURNING \(JobQueue.claimedColumns)
        )
        SELECT \(JobQueue.claimedOutput) FROM claimed ORDER BY priority, run_at, id
        """

    typealias Row = JobQueue.ClaimedRow

    let workerID: String
    let queues: [String]
    let limit: Int
    let lease: Duration

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(workerID)
        bindings.append(lease.seconds)
        bindings.append(queues)
        bindings.append(Int64(limit))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}
