import Logging
import PostgresNIO
import ServiceLifecycle

/// Checks at start that the pool's connections resolve unqualified table names in `SLUICE_DB_SCHEMA`, so that a
/// schema that cannot be applied (missing, or a pooler that dropped the `search_path`) stops the service with a
/// clear message instead of letting it work in `public`. As a `Service` it retries while the database is
/// unreachable (the service runs, answering 503 on `/readyz`) and throws `SchemaError` on a wrong answer, which
/// stops the process with a non-zero exit.
public struct SchemaCheck: Service {
    let client: PostgresClient
    let settings: DatabaseSettings
    let logger: Logger
    static let attemptTimeout: Duration = .seconds(5)
    static let retryDelay: Duration = .seconds(1)

    public init(client: PostgresClient, settings: DatabaseSettings, logger: Logger) {
        self.client = client
        self.settings = settings
        self.logger = logger
    }

    /// One check: returns when the connections use the schema; throws `SchemaError`, or the database's error.
    public func verify() async throws {
        let mismatch = try await withDeadline(Self.attemptTimeout) { [client, settings, logger] () async throws -> SchemaError? in
            let rows = try await client.query(
                """
                SELECT current_schema(), current_setting('search_path'), current_user::text, current_database()::text,
                       EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = \(settings.schema))
                """,
                logger: logger
            )
            for try await (current, searchPath, user, database, exists) in rows.decode((String?, String, String, String, Bool).self) {
                guard current != settings.schema else { return nil }
                return SchemaError(
                    schema: settings.schema, current: current, searchPath: searchPath, user: user, database: database, exists: exists,
                    poolMode: settings.poolMode)
            }
            return nil
        }
        if let mismatch { throw mismatch }
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            while true {
                do {
                    try await verify()
                    break
                } catch let error as SchemaError {
                    logger.critical("\(error)")
                    throw error
                } catch {
                    if Task.isCancelled { return }
                    logger.warning("schema check: database unreachable; retrying", metadata: ["error": "\(String(reflecting: error))"])
                    try? await Task.sleep(for: Self.retryDelay)
                }
            }
            try? await gracefulShutdown()
        }
    }
}
