import PostgresNIO

extension SnapshotReader {
    /// Inbound events by source and status: per (source, status) an index-only count of `webhook_events_status_idx`
    /// stopped at a share of `exactLimit` (exact below it, so rare statuses such as `failed` are never lost), and for
    /// the counts that reach it, the estimate from a block sample of the table.
    /// Answers whether a count was estimated.
    func inboundEvents(sample: TableSample, on connection: PostgresConnection) async throws -> (series: [Labeled], estimated: Bool) {
        let counted = try await fetch(
            """
            WITH budget AS (SELECT greatest(100, \(exactLimit) / greatest(1, 3 * count(*)))::int8 AS per_pair FROM sources)
            SELECT s.name, st.status, c.n, c.n >= (SELECT per_pair FROM budget)
            FROM sources s
            CROSS JOIN (VALUES ('received'), ('processed'), ('failed')) st(status)
            CROSS JOIN LATERAL (
                SELECT count(*)::int8 AS n FROM (
                    SELECT 1 FROM webhook_events e WHERE e.source_id = s.id AND e.status = st.status LIMIT (SELECT per_pair FROM budget)
                ) x
            ) c
            WHERE c.n > 0 ORDER BY 1, 2
            """,
            as: (String, String, Int, Bool).self,
            on: connection
        )
        guard counted.contains(where: \.3) else { return (counted.map { Labeled([$0.0, $0.1], Double($0.2)) }, false) }
        let sampled = try await sampledInboundEvents(sample: sample, on: connection)
        let series = counted.map { row in
            let labels = [row.0, row.1]
            return Labeled(labels, row.3 ? max(Double(row.2), sampled[labels] ?? 0) : Double(row.2))
        }
        return (series, true)
    }

    private func sampledInboundEvents(sample: TableSample, on connection: PostgresConnection) async throws -> [[String]: Double] {
        let rows = try await fetch(
            """
            SELECT s.name, e.status, count(*)::int8
            FROM webhook_events e \(unescaped: sample.clause) JOIN sources s ON s.id = e.source_id
            GROUP BY 1, 2
            """,
            as: (String, String, Int).self,
            on: connection
        )
        let total = Double(rows.reduce(0) { $0 + $1.2 })
        return Dictionary(rows.map { ([$0.0, $0.1], sample.scale(Double($0.2), sampledRows: total)) }, uniquingKeysWith: +)
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
