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
        let rows = try await client.execute(
            ClaimStatement(workerID: workerID, queues: queues, limit: limit, lease: lease), poolMode: poolMode, logger: logger
        )
        return rows.map(Self.claimedJob)
    }

    /// What a claim returns: `waited` is the seconds from when the job became due (the later of its creation and its
    /// `run_at`) to the claim.
    static let claimedColumns = """
        id, queue, kind, payload::text AS payload, attempt, max_attempts, created_at, timeout_seconds, priority, run_at,
        extract(epoch FROM now() - greatest(created_at, run_at))::float8 AS waited
        """
    static let claimedOutput = "id, queue, kind, payload, attempt, max_attempts, created_at, timeout_seconds, waited"

    /// A row of `claimedOutput`.
    typealias ClaimedRow = (Int64, String, String, String, Int, Int, Date, Int?, Double)

    static func decodeClaimed(_ rows: PostgresRowSequence, capacity: Int) async throws -> [ClaimedJob] {
        var jobs: [ClaimedJob] = []
        jobs.reserveCapacity(capacity)
        for try await row in rows.decode(ClaimedRow.self) { jobs.append(claimedJob(row)) }
        return jobs
    }

    static func claimedJob(_ row: ClaimedRow) -> ClaimedJob {
        let (id, queue, kind, payload, attempt, maxAttempts, createdAt, timeout, waited) = row
        return ClaimedJob(
            id: id, queue: queue, kind: kind, payload: payload, attempt: attempt, maxAttempts: maxAttempts, createdAt: createdAt,
            waited: .seconds(max(0, waited)), timeoutSeconds: timeout
        )
    }
}

extension Duration {
    /// Whole and fractional seconds, for `make_interval(secs => ...)`.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
