import PostgresNIO

extension SnapshotReader {
    /// Every row of `workers` (one per live process) with the running jobs it holds.
    func workers(running: [String: Double], on connection: PostgresConnection) async throws -> [WorkerRow] {
        try await fetch(
            "SELECT id, extract(epoch FROM now() - heartbeat_at)::float8, concurrency FROM workers ORDER BY id",
            as: (String, Double, Int).self,
            on: connection
        ).map { WorkerRow(id: $0.0, heartbeatAge: max(0, $0.1), concurrency: Double($0.2), running: running[$0.0] ?? 0) }
    }
}
