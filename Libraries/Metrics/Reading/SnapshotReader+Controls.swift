import PostgresNIO

extension SnapshotReader {
    /// Paused queues and kinds: rows of `queue_controls`, as few as an operator made.
    func paused(on connection: PostgresConnection) async throws -> [Labeled] {
        try await fetch("SELECT queue, kind FROM queue_controls WHERE paused ORDER BY queue, kind", as: (String, String).self, on: connection)
            .map { Labeled([$0.0, $0.1], 1) }
    }
}
