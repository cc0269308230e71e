import Foundation
import PostgresNIO

/// A live worker process as its heartbeat row shows it.
public struct WorkerInfo: Sendable, Equatable {
    public let id: String
    public let hostname: String
    public let pid: Int
    public let queues: [String]
    public let concurrency: Int
    public let heartbeatAt: Date
}

extension JobQueue {
    /// Inserts or refreshes the heartbeat row of a worker.
    public func heartbeat(workerID: String, hostname: String, pid: Int, queues: [String], concurrency: Int) async throws {
        try await run(
            """
            INSERT INTO workers (id, hostname, pid, queues, concurrency) VALUES (\(workerID), \(hostname), \(pid), \(queues), \(concurrency))
            ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()
            """
        ).consume()
    }

    /// Removes a worker's row when it stops cleanly.
    public func deregister(workerID: String) async throws {
        try await run("DELETE FROM workers WHERE id = \(workerID)").consume()
    }

    /// Removes the rows of workers silent for longer than `staleAfter` (they died without deregistering).
    @discardableResult
    public func pruneWorkers(staleAfter: Duration, on connection: PostgresConnection? = nil) async throws -> Int {
        let rows = try await run(
            """
            WITH gone AS (DELETE FROM workers WHERE heartbeat_at < now() - make_interval(secs => \(staleAfter.seconds)) RETURNING 1)
            SELECT count(*)::int8 FROM gone
            """,
            on: connection
        )
        return try await rows.decode(Int.self).reduce(0, +)
    }

    public func workers() async throws -> [WorkerInfo] {
        let rows = try await run("SELECT id, hostname, pid, queues, concurrency, heartbeat_at FROM workers ORDER BY id")
        var workers: [WorkerInfo] = []
        for try await (id, hostname, pid, queues, concurrency, heartbeatAt) in rows.decode((String, String, Int, [String], Int, Date).self) {
            workers.append(WorkerInfo(id: id, hostname: hostname, pid: pid, queues: queues, concurrency: concurrency, heartbeatAt: heartbeatAt))
        }
        return workers
    }
}
