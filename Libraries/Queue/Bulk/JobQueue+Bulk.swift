import PostgresNIO

extension JobQueue {
    /// Most jobs one bulk call acts on; the caller repeats the call for the rest.
    public static let bulkCap = 100_000
    /// Jobs per statement of a bulk action: each chunk is its own short transaction, so the queue is never locked for long.
    public static let bulkChunk = 1_000

    /// Applies `action` to the jobs matching `filter` (in the action's states), oldest id first, at most `cap` of them.
    /// The matching ids are read once; then each chunk of them is acted on in its own statement, skipping rows other
    /// statements hold. A dry run only counts.
    public func bulk(_ action: BulkAction, filter: JobFilter, dryRun: Bool, cap: Int = JobQueue.bulkCap, chunk: Int = JobQueue.bulkChunk) async throws -> BulkReport {
        let states = action.states.filter { filter.state == nil || $0 == filter.state }
        guard !states.isEmpty, filter.ids?.isEmpty != true else { return BulkReport() }
        var bindings = PostgresBindings()
        let matching = filter.sql(&bindings, states: states)
        bindings.append(cap + 1)
        if dryRun {
            let sql = "SELECT count(*)::int8 FROM (SELECT 1 FROM \(Self.allJobs) WHERE \(matching) LIMIT $\(bindings.count)) m"
            let count = try await run(PostgresQuery(unsafeSQL: sql, binds: bindings)).decode(Int.self).reduce(0, +)
            return BulkReport(matched: min(count, cap), capped: count > cap)
        }
        let sql = "SELECT id FROM \(Self.allJobs) WHERE \(matching) ORDER BY id LIMIT $\(bindings.count)"
        var ids = try await run(PostgresQuery(unsafeSQL: sql, binds: bindings)).decode(Int64.self).reduce(into: [Int64]()) { $0.append($1) }
        var report = BulkReport(capped: ids.count > cap)
        ids = Array(ids.prefix(cap))
        report.matched = ids.count
        for start in stride(from: 0, to: ids.count, by: chunk) {
            report.affected += try await apply(action, to: Array(ids[start..<min(start + chunk, ids.count)]))
        }
        return report
    }

    private func apply(_ action: BulkAction, to ids: [Int64]) async throws -> Int {
        switch action {
        case .retry(let states, let resetAttempts):
            do {
                return try await requeue(ids, from: states, resetAttempts: resetAttempts).count
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
                // A job took one of these unique keys meanwhile: one by one, leaving out the ones that collide.
                var requeued = 0
                for id in ids { requeued += (try? await requeue([id], from: states, resetAttempts: resetAttempts).count) ?? 0 }
                return requeued
            }
        case .cancel:
            let waiting = "j.state IN ('available', 'scheduled', 'retryable') AND j.id IN (SELECT id FROM jobs WHERE id = ANY($1) FOR UPDATE SKIP LOCKED)"
            let cancelled = try await archive(ids.map { ($0, "") }, as: .cancelled, where: waiting).count
            let stopping = try await run(
                """
                WITH flagged AS (
                    UPDATE jobs SET cancel_requested_at = coalesce(cancel_requested_at, now())
                    WHERE id IN (SELECT id FROM jobs WHERE id = ANY(\(ids)) AND state = 'running' FOR UPDATE SKIP LOCKED) RETURNING id
                )
                SELECT count(pg_notify(\(channel), 'cancel:' || id))::int8 FROM flagged
                """
            )
            return try await cancelled + stopping.decode(Int.self).reduce(0, +)
        case .delete(let states):
            let rows = try await run(
                """
                WITH finished AS (
                    DELETE FROM job_history WHERE id IN (
                        SELECT id FROM job_history WHERE id = ANY(\(ids)) AND state = ANY(\(states.map(\.rawValue))) FOR UPDATE SKIP LOCKED
                    ) RETURNING 1
                ),
                waiting AS (
                    DELETE FROM jobs WHERE id IN (
                        SELECT id FROM jobs WHERE id = ANY(\(ids)) AND state = ANY(\(states.map(\.rawValue))) AND state <> 'running' FOR UPDATE SKIP LOCKED
                    ) RETURNING 1
                )
                SELECT (SELECT count(*) FROM finished) + (SELECT count(*) FROM waiting)
                """
            )
            return try await rows.decode(Int.self).reduce(0, +)
        }
    }
}
