import ArgumentParser
import Common
import PostgresNIO

/// `migrate [--fresh]`: applies the bundled migrations to the schema; `--fresh` drops the schema first, so
/// every scenario starts from empty tables.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Create the schema's tables (optionally from scratch).")

    @OptionGroup var options: CommonOptions
    @Flag(help: "Drop the schema (and everything in it) first.") var fresh = false

    func run() async throws {
        let database = BenchDatabase(options: options)
        let fresh = fresh
        try await database.withClient { client in
            if fresh {
                // The schema name is validated as a plain identifier by DatabaseSettings.
                try await client.execute(PostgresQuery(unsafeSQL: #"DROP SCHEMA IF EXISTS "\#(database.schema)" CASCADE"#), logger: database.logger)
            }
            try await Migrator(client: client, schema: database.schema, logger: database.logger).migrate(Migration.bundled())
        }
        BenchReport.emit([("schema", database.schema)])
    }
}
