import ArgumentParser
import Common
import Foundation
import PostgresNIO

/// `statements [--reset]`: where the server's time goes, from `pg_stat_statements` (loaded only by
/// `Benchmarks/run --profile`). `--reset` creates the extension if needed and zeroes the counters; without it,
/// prints the statements that took the most execution time since the last reset.
struct StatementsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "statements", abstract: "Top statements by execution time (pg_stat_statements).")

    @OptionGroup var options: CommonOptions
    @Flag(help: "Create the extension if missing and reset its counters.") var reset = false
    @Option(help: "Statements to show.") var limit = 8

    func run() async throws {
        let database = BenchDatabase(options: options)
        let (reset, limit) = (reset, limit)
        try await database.withClient(connections: 1) { client in
            let logger = database.logger
            if reset {
                try await client.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements SCHEMA public", logger: logger)
                try await client.execute("SELECT public.pg_stat_statements_reset()", logger: logger)
                return
            }
            let rows = try await client.query(
                """
                SELECT calls, total_exec_time, mean_exec_time, rows, wal_bytes::float8,
                       left(regexp_replace(query, '\\s+', ' ', 'g'), 90)
                FROM public.pg_stat_statements
                ORDER BY total_exec_time DESC
                LIMIT \(limit)
                """,
                logger: logger
            )
            print("    calls   total_ms   mean_ms      rows   wal_MB  query")
            for try await (calls, total, mean, count, wal, query) in rows.decode((Int, Double, Double, Int, Double, String).self) {
                print(String(format: "%9d %10.0f %9.3f %9d %8.1f  ", calls, total, mean, count, wal / 1_048_576) + query)
            }
        }
    }
}
