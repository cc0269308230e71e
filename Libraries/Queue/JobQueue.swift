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

    public init(client: PostgresClient, schema: String, logger: Logger) {
        self.client = client
        self.schema = schema
        self.logger = logger
    }

    /// The `LISTEN`/`NOTIFY` channel of this schema's queue (payloads are `JobNotification`s).
    public var channel: String { "\(schema).jobs" }

    func run(_ query: PostgresQuery, on connection: PostgresConnection? = nil) async throws -> PostgresRowSequence {
        try await client.query(query, on: connection, logger: logger)
    }
}
