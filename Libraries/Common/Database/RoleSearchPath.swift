import Logging
import PostgresNIO

/// Makes `schema` the default `search_path` of the connected role in the connected database
/// (`ALTER ROLE ... IN DATABASE ... SET search_path`), which is how the schema reaches the services behind a
/// transaction pooler that drops the start-up parameter. A role may set its own defaults; the setting applies to
/// sessions opened afterwards, so a pooler's server connections opened before keep their old path until they
/// reconnect.
public enum RoleSearchPath {
    public static func set(_ schema: String, client: PostgresClient, logger: Logger) async throws {
        try await withDeadline(.seconds(10)) {
            let rows = try await client.query(
                "SELECT format('ALTER ROLE %I IN DATABASE %I SET search_path = %I', current_user, current_database(), \(schema))",
                logger: logger
            )
            for try await statement in rows.decode(String.self) {
                try await client.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                logger.info("set the role's search_path", metadata: ["statement": "\(statement)"])
            }
        }
    }
}
