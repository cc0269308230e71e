import ArgumentParser
import Common
import Foundation
import PostgresNIO

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations (safe to run from many replicas at once).")

    @OptionGroup var options: CommonOptions

    @Flag(
        name: .customLong("set-role-search-path"),
        help: "Also make SLUICE_DB_SCHEMA the role's default search_path in this database, as a transaction pooler needs (docs/deploy.md, PgBouncer)."
    )
    var setRoleSearchPath = false

    /// Applies the migrations on `SLUICE_DB_DIRECT_URL` when given (else `DATABASE_URL`), then checks that the
    /// services' connections (`DATABASE_URL`, perhaps through a pooler) will find the tables in the schema; with
    /// `--set-role-search-path` it first makes the schema the role's default, so that they do.
    func run() async throws {
        let (settings, logger) = options.launch(service: "sluice-api", defaultPort: 8080)
        let schema = settings.database.schema
        let client = PostgresClient(settings: settings.migrationDatabase, maximumConnections: 2, logger: logger)
        let pool = PostgresClient(settings: settings.database, maximumConnections: 1, logger: logger)
        do {
            let applied = try await client.runWhile {
                let applied = try await Migrator(client: client, schema: schema, logger: logger).migrate(Migration.bundled())
                if setRoleSearchPath { try await RoleSearchPath.set(schema, client: client, logger: logger) }
                return applied
            }
            logger.info("migrations done", metadata: ["schema": "\(schema)", "applied": "\(applied)"])
            try await pool.runWhile { try await SchemaCheck(client: pool, settings: settings.database, logger: logger).verify() }
        } catch {
            FileHandle.standardError.write(Data("migrate failed: \(String(reflecting: error))\n".utf8))
            throw ExitCode(1)
        }
    }
}
