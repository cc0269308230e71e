import Common
import Logging
import PostgresNIO

/// What every outbound store works with: the pool, and a way to run on the caller's connection (inside their
/// transaction, with its audit row) or in a transaction of its own.
struct OutboundDatabase: Sendable {
    let client: PostgresClient
    let logger: Logger

    func perform<T: Sendable>(on connection: PostgresConnection?, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.transaction(on: connection, logger: logger, body)
    }

    func query(_ query: PostgresQuery, on connection: PostgresConnection? = nil) async throws -> PostgresRowSequence {
        try await client.query(query, on: connection, logger: logger)
    }
}

extension PSQLError {
    /// A unique constraint refused the row (SQLSTATE 23505).
    var isUniqueViolation: Bool { serverInfo?[.sqlState] == "23505" }
}

extension AsyncSequence where Self: Sendable {
    /// Every element, in order.
    func all() async throws -> [Element] {
        var elements: [Element] = []
        for try await element in self { elements.append(element) }
        return elements
    }
}
