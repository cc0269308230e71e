import Logging
import PostgresNIO

extension PostgresClient {
    /// Runs `query` on `connection` when given (joining the caller's transaction), else on the pool.
    public func query(_ query: PostgresQuery, on connection: PostgresConnection?, logger: Logger) async throws -> PostgresRowSequence {
        if let connection { return try await connection.query(query, logger: logger) }
        return try await self.query(query, logger: logger)
    }
}
