import Logging
import PostgresNIO

/// Where a service may `LISTEN`. On direct sessions, on a connection of its pool. Behind a transaction pooler the
/// pool cannot: each transaction may run on another server connection, so a `LISTEN` lands on one the pooler then
/// hands to other clients. There it runs on a connection of its own to `SLUICE_DB_DIRECT_URL`, or nowhere (the
/// caller polls). `NOTIFY` works through the pooler either way: it is sent when its transaction commits.
public enum NotificationConnection: Sendable {
    case pool(PostgresClient)
    case direct(DatabaseSettings)

    /// Where `pool` (built from `settings.database`) may listen, or nil where nothing may.
    public static func available(for settings: ServiceSettings, pool: PostgresClient) -> NotificationConnection? {
        switch settings.database.poolMode {
        case .session: .pool(pool)
        case .transaction: settings.directDatabase.map { .direct($0) }
        }
    }

    /// Subscribes to `channel` on one connection held for as long as `consume` runs.
    public func listen<T: Sendable>(
        on channel: String, logger: Logger, _ consume: (PostgresNotificationSequence) async throws -> T
    ) async throws -> T {
        switch self {
        case .pool(let client):
            return try await client.withConnection { connection in try await connection.listen(on: channel, consume: consume) }
        case .direct(let settings):
            let client = PostgresClient(settings: settings, maximumConnections: 1, logger: logger)
            return try await client.runWhile {
                try await client.withConnection { connection in try await connection.listen(on: channel, consume: consume) }
            }
        }
    }
}
