import Common
import Logging
import PostgresNIO

/// The database a step works on, read from the environment and flags exactly as the services read them.
struct BenchDatabase: Sendable {
    let settings: DatabaseSettings
    let logger: Logger

    init(options: CommonOptions) {
        let (settings, logger) = options.launch(service: "sluice-bench", defaultPort: 0)
        self.settings = settings.database
        self.logger = logger
    }

    var schema: String { settings.schema }

    /// Runs `body` with a pool of at most `connections` connections whose search path is the schema.
    func withClient<T: Sendable>(connections: Int = 2, _ body: @escaping @Sendable (PostgresClient) async throws -> T) async throws -> T {
        // `runWhile` starts the pool's `run()` and `body` at the same moment; a first query that wins the race waits
        // for the pool but logs a warning about it. Only the pool's own messages are quieted.
        var poolLogger = logger
        poolLogger.logLevel = .error
        let client = PostgresClient(settings: settings, maximumConnections: connections, logger: poolLogger)
        return try await client.runWhile { try await body(client) }
    }
}

extension PostgresClient {
    /// Runs a statement whose rows are not needed.
    func execute(_ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await self.query(query, logger: logger) {}
    }

    /// The first column of the first row, as `T` (`nil` when there is no row).
    func scalar<T: PostgresDecodable & Sendable>(_ query: PostgresQuery, as type: T.Type = T.self, logger: Logger) async throws -> T? {
        var value: T?
        for try await row in try await self.query(query, logger: logger).decode(T.self) where value == nil {
            value = row
        }
        return value
    }
}
