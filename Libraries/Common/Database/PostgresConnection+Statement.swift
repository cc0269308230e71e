import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs `statement` the way `poolMode` allows: a named prepared statement (parsed and planned once per
    /// connection) on direct sessions; an unnamed extended-protocol query behind a transaction pooler, where a named
    /// statement prepared on one server connection is missing, or already there, on the next. The one place that decides.
    public func execute<Statement: PostgresPreparedStatement>(
        _ statement: Statement, poolMode: PoolMode, logger: Logger
    ) async throws -> [Statement.Row] {
        let rows =
            switch poolMode {
            case .session: try await execute(statement, logger: logger)
            case .transaction:
                try await query(PostgresQuery(unsafeSQL: Statement.sql, binds: try statement.makeBindings()), logger: logger).map(statement.decodeRow)
            }
        var decoded: [Statement.Row] = []
        for try await row in rows { decoded.append(row) }
        return decoded
    }
}

extension PostgresClient {
    /// `PostgresConnection.execute(_:poolMode:logger:)` on a pooled connection.
    public func execute<Statement: PostgresPreparedStatement>(
        _ statement: Statement, poolMode: PoolMode, logger: Logger
    ) async throws -> [Statement.Row] {
        try await withConnection { connection in try await connection.execute(statement, poolMode: poolMode, logger: logger) }
    }

    /// Runs `statement` on `connection` when given (joining the caller's transaction), else on the pool; as
    /// `query(_:on:logger:)` does for queries.
    public func execute<Statement: PostgresPreparedStatement>(
        _ statement: Statement, on connection: PostgresConnection?, poolMode: PoolMode, logger: Logger
    ) async throws -> [Statement.Row] {
        if let connection { return try await connection.execute(statement, poolMode: poolMode, logger: logger) }
        return try await execute(statement, poolMode: poolMode, logger: logger)
    }
}
