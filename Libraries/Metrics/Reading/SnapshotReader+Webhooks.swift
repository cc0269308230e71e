import PostgresNIO

extension SnapshotReader {
    /// Inbound events by source and status: exact for a small table, scaled from a block sample otherwise.
    func inboundEvents(sample: TableSample, on connection: PostgresConnection) async throws -> [Labeled] {
        let rows = try await fetch(
            """
            SELECT s.name, e.status, count(*)::int8
            FROM webhook_events e \(unescaped: sample.clause) JOIN sources s ON s.id = e.source_id
            GROUP BY 1, 2 ORDER BY 1, 2
            """,
            as: (String, String, Int).self,
            on: connection
        )
        let sampled = Double(rows.reduce(0) { $0 + $1.2 })
        return rows.map { Labeled([$0.0, $0.1], sample.scale(Double($0.2), sampledRows: sampled)) }
    }

    /// Outbound deliveries by status, counted or sampled like the inbound events.
    func deliveries(sample: TableSample, on connection: PostgresConnection) async throws -> [Labeled] {
        let rows = try await fetch(
            "SELECT status, count(*)::int8 FROM deliveries \(unescaped: sample.clause) GROUP BY 1 ORDER BY 1",
            as: (String, Int).self,
            on: connection
        )
        let sampled = Double(rows.reduce(0) { $0 + $1.1 })
        return rows.map { Labeled([$0.0], sample.scale(Double($0.1), sampledRows: sampled)) }
    }

    /// Endpoints switched off, by hand or by the automatic disabling (`endpoints` holds one row per partner URL).
    func endpointsDisabled(on connection: PostgresConnection) async throws -> Double {
        Double(try await scalar("SELECT count(*)::int8 FROM endpoints WHERE NOT enabled", as: Int.self, on: connection) ?? 0)
    }
}
