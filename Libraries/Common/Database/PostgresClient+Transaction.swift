import Logging
import PostgresNIO

extension PostgresClient {
    /// `withTransaction`, rethrowing the closure's own error unwrapped (so domain errors keep their type);
    /// errors of BEGIN, COMMIT or ROLLBACK come as they are.
    public func transaction<T: Sendable>(logger: Logger, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error
        }
    }

    /// Runs `body` on the caller's connection (inside their transaction), or in a transaction of its own.
    public func transaction<T: Sendable>(on connection: PostgresConnection?, logger: Logger, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        if let connection { return try await body(connection) }
        return try await transaction(logger: logger, body)
    }
}
