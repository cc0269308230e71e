import Logging
import PostgresNIO

/// Applies pending migrations into the configured schema in one transaction that first takes a transaction-scoped
/// advisory lock keyed on the schema: concurrent migrators (many replicas starting at once) take turns, each
/// migration is applied exactly once, and a failing migration leaves the schema as it was. Nothing outlives a transaction (no session lock, no
/// session `search_path`), so migrations also run correctly through a transaction pooler such as PgBouncer.
public struct Migrator: Sendable {
    let client: PostgresClient
    let schema: String
    let logger: Logger

    public init(client: PostgresClient, schema: String, logger: Logger) {
        self.client = client
        self.schema = schema
        self.logger = logger
    }

    /// Applies every migration not yet recorded in `schema_migrations`, all in one transaction under the lock;
    /// returns the versions it applied.
    @discardableResult
    public func migrate(_ migrations: [Migration]) async throws -> [Int] {
        try await client.transaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\("sluice.migrate.\(schema)")))", logger: logger)
            // The schema name is validated as a plain identifier by DatabaseSettings. The search_path is set for this
            // transaction only, whatever the connection's own (a pooler may have dropped the startup parameter).
            try await connection.query(PostgresQuery(unsafeSQL: #"CREATE SCHEMA IF NOT EXISTS "\#(schema)""#), logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: #"SET LOCAL search_path TO "\#(schema)""#), logger: logger)
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
            var done = Set<Int>()
            for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger).decode(Int.self) {
                done.insert(version)
            }
            let pending = migrations.filter { !done.contains($0.version) }
            guard !pending.isEmpty else { return [] }
            // A migration file holds several statements; the extended protocol takes one, so PL/pgSQL runs the file.
            try await connection.query(
                "CREATE OR REPLACE FUNCTION pg_temp.sluice_run_script(script text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE script; END $$",
                logger: logger
            )
            for migration in pending {
                logger.info("applying migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                try await connection.query("SELECT pg_temp.sluice_run_script(\(migration.sql))", logger: logger)
                try await connection.query("INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))", logger: logger)
            }
            return pending.map(\.version)
        }
    }
}
