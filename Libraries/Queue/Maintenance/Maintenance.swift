import PostgresNIO

/// What one maintenance pass did; `ranAsLeader` is false when another process held the maintenance lock.
public struct MaintenanceReport: Sendable, Equatable {
    public var ranAsLeader = false
    public var rescued = 0
    public var pruned = 0
    public var workersRemoved = 0
}

extension JobQueue {
    /// One pass of periodic maintenance (rescue expired leases, prune history, drop stale worker rows), run only
    /// by the process that gets the schema's maintenance advisory lock; the lock lasts as long as the pass's
    /// transaction, so exactly one process at a time does it and a dead leader never blocks the others.
    public func runMaintenance(retention: Retention, staleWorkerAfter: Duration) async throws -> MaintenanceReport {
        let lockKey = "sluice.maintenance.\(schema)"
        return try await client.withTransaction(logger: logger) { connection in
            var report = MaintenanceReport()
            let locked = try await connection.query("SELECT pg_try_advisory_xact_lock(hashtext(\(lockKey)))", logger: logger)
            for try await isLeader in locked.decode(Bool.self) { report.ranAsLeader = isLeader }
            guard report.ranAsLeader else { return report }
            report.rescued = try await rescueExpired(on: connection)
            report.pruned = try await pruneHistory(retention, on: connection)
            try await pruneLogs(olderThan: max(retention.completed, retention.cancelled, retention.discarded), on: connection)
            report.workersRemoved = try await pruneWorkers(staleAfter: staleWorkerAfter, on: connection)
            return report
        }
    }
}
