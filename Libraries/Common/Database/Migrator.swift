import Logging
import PostgresNIO

/// Applies pending migrations into the configured schema. A session advisory lock keyed on the schema makes
/// concurrent migrators (many replicas starting at once) take turns: each migration is applied exactly once.
public struct Migrator: Sendable {
    let client: PostgresClient
    let schema: String
    let logger: Logger

    public init(client: PostgresClient, schema: String, logger: Logger) {
        self.client = client
        self.schema = schema
        self.logger = logger
    }

    /// Applies every migration not yet recorded in `schema_migrations`; returns the versions it applied.
    @discardableResult
    public func migrate(_ migrations: [Migration]) async throws -> [Int] {
        try await client.withConnection { connection in
            let lockKey = "sluice.migrate.\(schema)"
            try await connection.query("SELECT pg_advisory_lock(hashtext(\(lockKey)))", logger: logger)
            do {
                let applied = try await apply(migrations, on: connection)
                try await connection.query("SELECT pg_advisory_unlock(hashtext(\(lockKey)))", logger: logger)
                return applied
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                _ = try? await connection.query("SELECT pg_advisory_unlock(hashtext(\(lockKey)))", logger: logger)
                throw error
            }
        }
    }

    private func apply(_ migrations: [Migration], on connection: PostgresConnection) async throws -> [Int] {
        // The schema name is validated as a plain identifier by DatabaseSettings.
        try await connection.query(PostgresQuery(unsafeSQL: #"CREATE SCHEMA IF NOT EXISTS "\#(schema)""#), logger: logger)
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            logger: logger
        )
        // A migration file holds several statements; the extended protocol takes one, so PL/pgSQL runs the file.
        try await connection.query(
            "CREATE OR REPLACE FUNCTION pg_temp.sluice_run_script(script text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE script; END $$",
            logger: logger
        )
        var done = Set<Int>()
        for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger).decode(Int.self) {
            done.insert(version)
        }
        var applied: [Int] = []
        for migration in migrations where !done.contains(migration.version) {
            logger.info("applying migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            try await connection.query("BEGIN", logger: logger)
            try await connection.query("SELECT pg_temp.sluice_run_script(\(migration.sql))", logger: logger)
            try await connection.query("INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))", logger: logger)
            try await connection.query("COMMIT", logger: logger)
            applied.append(migration.version)
        }
        return applied
    }
}
