import Foundation
import PostgresNIO

extension SnapshotReader {
    /// Row counts and vacuum state of the tables in this schema, from the statistics (no table is read).
    func tables(on connection: PostgresConnection) async throws -> [TableStats] {
        try await fetch(
            """
            SELECT s.relname::text, coalesce(nullif(s.n_live_tup, 0), greatest(c.reltuples, 0))::float8, s.n_dead_tup::float8, s.last_autovacuum
            FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
            WHERE s.schemaname = current_schema() ORDER BY 1
            """,
            as: (String, Double, Double, Date?).self,
            on: connection
        ).map { TableStats(name: $0.0, liveRows: $0.1, deadRows: $0.2, lastAutovacuum: $0.3) }
    }

    /// Size, connections, the longest open transaction and the oldest xmin that holds back vacuum.
    func database(on connection: PostgresConnection) async throws -> DatabaseStats {
        var stats = DatabaseStats()
        stats.sizeBytes = Double(try await scalar("SELECT pg_database_size(current_database())::int8", as: Int64.self, on: connection) ?? 0)
        stats.connections = try await fetch(
            """
            SELECT replace(coalesce(state, 'unknown'), ' ', '_'), count(*)::int8 FROM pg_stat_activity
            WHERE datname = current_database() AND backend_type = 'client backend' GROUP BY 1 ORDER BY 1
            """,
            as: (String, Int).self,
            on: connection
        ).map { Labeled([$0.0], Double($0.1)) }
        let horizon = try await fetch(
            """
            SELECT
                coalesce((SELECT max(extract(epoch FROM now() - xact_start)) FROM pg_stat_activity
                          WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL), 0)::float8,
                coalesce(greatest(
                    (SELECT max(age(backend_xmin)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()),
                    (SELECT max(age(transaction)) FROM pg_prepared_xacts WHERE database = current_database()),
                    (SELECT max(greatest(age(xmin), age(catalog_xmin))) FROM pg_replication_slots)
                ), 0)::float8
            """,
            as: (Double, Double).self,
            on: connection
        )
        stats.longestTransactionSeconds = max(0, horizon.first?.0 ?? 0)
        stats.oldestXminAge = horizon.first?.1 ?? 0
        return stats
    }
}
