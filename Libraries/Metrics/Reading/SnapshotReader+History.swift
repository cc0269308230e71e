import PostgresNIO

extension SnapshotReader {
    /// The dead-letter queue by queue and kind, and the monotonic totals of `job_counters`.
    func readHistory(into snapshot: inout Snapshot, historyRows: Double, on connection: PostgresConnection) async throws {
        snapshot.deadLetters = try await deadLetters(historyRows: historyRows, on: connection)
        let counters = try await fetch(
            "SELECT queue, kind, completed, cancelled, discarded FROM job_counters ORDER BY queue, kind",
            as: (String, String, Int64, Int64, Int64).self,
            on: connection
        )
        snapshot.completed = counters.map { Labeled([$0.0, $0.1], Double($0.2)) }
        snapshot.cancelled = counters.map { Labeled([$0.0, $0.1], Double($0.3)) }
        snapshot.discarded = counters.map { Labeled([$0.0, $0.1], Double($0.4)) }
    }

    /// The newest `exactLimit` discarded jobs, read backwards along `job_history_finished_idx`: all of them when the
    /// DLQ is smaller (exact), else their mix of queue and kind scaled to the DLQ size the statistics estimate.
    private func deadLetters(historyRows: Double, on connection: PostgresConnection) async throws -> [Labeled] {
        let rows = try await fetch(
            """
            SELECT queue, kind, count(*)::int8 FROM (
                SELECT queue, kind FROM job_history WHERE state = 'discarded' ORDER BY finished_at DESC LIMIT \(exactLimit)
            ) newest GROUP BY 1, 2 ORDER BY 1, 2
            """,
            as: (String, String, Int).self,
            on: connection
        )
        let read = Double(rows.reduce(0) { $0 + $1.2 })
        guard read >= Double(exactLimit) else { return rows.map { Labeled([$0.0, $0.1], Double($0.2)) } }
        let share =
            try await scalar(
                """
                SELECT coalesce(most_common_freqs[array_position(most_common_vals::text::text[], 'discarded')], 0)::float8
                FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'job_history' AND attname = 'state'
                """,
                as: Double.self,
                on: connection
            ) ?? 0
        let total = max(read, (share * historyRows).rounded())
        return rows.map { Labeled([$0.0, $0.1], (Double($0.2) * total / read).rounded()) }
    }
}
