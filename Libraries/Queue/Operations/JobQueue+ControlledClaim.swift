import Foundation
import PostgresNIO

extension JobQueue {
    /// Claims up to `limit` due jobs of `queues` that have controls, honouring them: nothing of a paused queue or
    /// kind, and no more than a limited queue's or kind's `max_running` minus the jobs of it running now.
    ///
    /// Why two workers can never exceed a limit together: one transaction first locks the control rows of the
    /// queues (`FOR UPDATE`, in key order), then claims in a second statement, whose snapshot is taken after the
    /// lock was granted, so it counts every job that the previous holder claimed and committed. Only a claim raises
    /// a running count, and every claim of a controlled queue holds its rows' locks; the fast `claim` leaves the
    /// queue alone as soon as a control row exists. Counting reads `jobs_running_idx` (as many entries as run, at
    /// most the limit); the due jobs are read with one walk of `jobs_claim_kind_idx` per kind, so a paused kind's
    /// backlog costs nothing.
    public func claimControlled(workerID: String, queues: [String], limit: Int, lease: Duration) async throws -> [ClaimedJob] {
        guard limit > 0, !queues.isEmpty else { return [] }
        return try await client.transaction(logger: logger) { connection in
            let controls = try await lockControls(of: queues, on: connection)
            let open = queues.filter { queue in !controls.contains { $0.queue == queue && $0.kind == nil && $0.paused } }
            guard !open.isEmpty else { return [] }
            let queueLimits = open.map { queue in controls.first { $0.queue == queue && $0.kind == nil }?.maxRunning ?? -1 }
            let kinds = controls.filter { $0.kind != nil && open.contains($0.queue) }
            var bindings = PostgresBindings()
            bindings.append(open)
            bindings.append(queueLimits)
            bindings.append(kinds.map(\.queue))
            bindings.append(kinds.map { $0.kind ?? "" })
            bindings.append(kinds.map(\.paused))
            bindings.append(kinds.map { $0.maxRunning ?? -1 })
            bindings.append(limit)
            bindings.append(workerID)
            bindings.append(lease.seconds)
            let rows = try await connection.query(PostgresQuery(unsafeSQL: Self.controlledClaimSQL, binds: bindings), logger: logger)
            return try await Self.decodeClaimed(rows, capacity: limit)
        }
    }

    private func lockControls(of queues: [String], on connection: PostgresConnection) async throws -> [QueueControl] {
        let rows = try await connection.query(
            "SELECT queue, kind, paused, max_running FROM queue_controls WHERE queue = ANY(\(queues)) ORDER BY queue, kind FOR UPDATE",
            logger: logger
        )
        var controls: [QueueControl] = []
        for try await (queue, kind, paused, maxRunning) in rows.decode((String, String, Bool, Int?).self) {
            controls.append(QueueControl(queue: queue, kind: kind.isEmpty ? nil : kind, paused: paused, maxRunning: maxRunning))
        }
        return controls
    }

    /// $1 queues, $2 their limits (-1: none), $3-$6 kind controls (queue, kind, paused, limit or -1), $7 the batch,
    /// $8 the worker, $9 the lease in seconds. `kinds` is a loose index scan: one descent per kind with waiting jobs.
    static let controlledClaimSQL = """
        WITH RECURSIVE
        q AS (
            SELECT t.name, CASE WHEN t.max_running < 0 THEN $7
                                ELSE greatest(0, least($7, t.max_running - (SELECT count(*) FROM jobs r WHERE r.state = 'running' AND r.queue = t.name)))
                           END AS allowance
            FROM unnest($1::text[], $2::int4[]) AS t(name, max_running)
        ),
        kinds AS (
            SELECT q.name AS queue, (SELECT kind FROM jobs WHERE state IN ('available', 'scheduled', 'retryable') AND queue = q.name
                                     ORDER BY kind LIMIT 1) AS kind
            FROM q WHERE q.allowance > 0
            UNION ALL
            SELECT k.queue, (SELECT kind FROM jobs WHERE state IN ('available', 'scheduled', 'retryable') AND queue = k.queue AND kind > k.kind
                             ORDER BY kind LIMIT 1)
            FROM kinds k WHERE k.kind IS NOT NULL
        ),
        kind_controls AS (SELECT * FROM unnest($3::text[], $4::text[], $5::bool[], $6::int4[]) AS t(queue, kind, paused, max_running)),
        allowed AS (
            SELECT k.queue, k.kind, q.allowance AS queue_allowance,
                   CASE WHEN c.paused THEN 0
                        WHEN c.max_running >= 0 THEN least(q.allowance, greatest(0, c.max_running - (
                            SELECT count(*) FROM jobs r WHERE r.state = 'running' AND r.queue = k.queue AND r.kind = k.kind)))
                        ELSE q.allowance
                   END AS allowance
            FROM kinds k JOIN q ON q.name = k.queue LEFT JOIN kind_controls c ON c.queue = k.queue AND c.kind = k.kind
            WHERE k.kind IS NOT NULL
        ),
        due AS (
            SELECT d.id, d.priority, d.run_at, a.queue, a.queue_allowance
            FROM allowed a, LATERAL (
                SELECT id, priority, run_at FROM jobs
                WHERE state IN ('available', 'scheduled', 'retryable') AND queue = a.queue AND kind = a.kind AND run_at <= now()
                ORDER BY priority, run_at, id
                LIMIT a.allowance
                FOR UPDATE SKIP LOCKED
            ) d
            WHERE a.allowance > 0
        ),
        ranked AS (
            SELECT id, priority, run_at, queue_allowance, row_number() OVER (PARTITION BY queue ORDER BY priority, run_at, id) AS place FROM due
        ),
        claimed AS (
            UPDATE jobs
            SET state = 'running', attempt = attempt + 1, locked_by = $8,
                lease_expires_at = now() + make_interval(secs => $9), attempted_at = now()
            WHERE id = ANY(ARRAY(SELECT id FROM ranked WHERE place <= queue_allowance ORDER BY priority, run_at, id LIMIT $7))
            RETURNING \(claimedColumns)
        )
        SELECT \(claimedOutput) FROM claimed ORDER BY priority, run_at, id
        """
}
