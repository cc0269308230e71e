import Common
import Logging
import PostgresNIO

/// The job queue on PostgreSQL: enqueue, claim, finish, cancel, retry, inspect.
///
/// ```swift
/// let queue = JobQueue(client: client, schema: "sluice", logger: logger)
/// let job = try await queue.enqueue(NewJob(kind: "http", payload: #"{"url":"https://example.com/hook"}"#))
/// ```
/// Every operation runs on the pool, or on `connection` to join the caller's transaction.
public struct JobQueue: Sendable {
    public let client: PostgresClient
    public let schema: String
    public let logger: Logger
    /// How `client`'s connections reach PostgreSQL; decides how prepared statements are sent.
    public let poolMode: PoolMode
    /// Where workers may `LISTEN` on `channel`; nil behind a transaction pooler without a direct URL (they poll).
    public let notifications: NotificationConnection?

    /// A queue on direct sessions: `LISTEN` runs on the pool.
    public init(client: PostgresClient, schema: String, logger: Logger) {
        self.init(client: client, schema: schema, poolMode: .session, notifications: .pool(client), logger: logger)
    }

    /// A queue on `client`, built from `settings.database`, configured as the settings say.
    public init(client: PostgresClient, settings: ServiceSettings, logger: Logger) {
        self.init(
            client: client, schema: settings.database.schema, poolMode: settings.database.poolMode,
            notifications: NotificationConnection.available(for: settings, pool: client), logger: logger)
    }

    init(client: PostgresClient, schema: String, poolMode: PoolMode, notifications: NotificationConnection?, logger: Logger) {
        self.client = client
        self.schema = schema
        self.poolMode = poolMode
        self.notifications = notifications
        self.logger = logger
    }

    /// The `LISTEN`/`NOTIFY` channel of this schema's queue (payloads are `JobNotification`s).
    public var channel: String { "\(schema).jobs" }

    func run(_ query: PostgresQuery, on connection: PostgresConnection? = nil) async throws -> PostgresRowSequence {
        try await client.query(query, on: connection, logger: logger)
    }
}
