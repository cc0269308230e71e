import ArgumentParser
import Common
import PostgresNIO

/// `settle`: VACUUM (ANALYZE) the schema's tables and CHECKPOINT, so that every drain starts from the same state:
/// fresh statistics, no autovacuum work left over from the enqueue or the seeding, and no checkpoint half done.
struct SettleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "settle", abstract: "VACUUM ANALYZE the tables and CHECKPOINT.")

    static let tables = ["jobs", "job_history", "job_counters", "workers", "messages", "deliveries", "delivery_attempts", "endpoints"]

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let database = BenchDatabase(options: options)
        let start = ContinuousClock.now
        try await database.withClient { client in
            for table in Self.tables {
                // Fixed names of Sluice's own tables, never input.
                try await client.execute(PostgresQuery(unsafeSQL: "VACUUM (ANALYZE) \(table)"), logger: database.logger)
            }
            try await client.execute("CHECKPOINT", logger: database.logger)
        }
        BenchReport.emit([("settle_seconds", BenchReport.fixed(BenchReport.seconds(ContinuousClock.now - start)))])
    }
}
