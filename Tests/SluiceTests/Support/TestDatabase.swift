import Common
import Foundation
import Logging
import PostgresNIO
import Queue
import Testing

/// A schema of its own in the test PostgreSQL (from `DATABASE_URL`), migrated (unless the test migrates it itself),
/// with a running client; dropped afterwards. Tests run in parallel, each in its own schema.
struct TestDatabase: Sendable {
    let url: String
    let settings: DatabaseSettings
    let client: PostgresClient
    let queue: JobQueue
    let logger: Logger

    var schema: String { settings.schema }

    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    static var url: String {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
                throw Unavailable(description: "DATABASE_URL is not set: run the suite with scripts/test, which provisions PostgreSQL")
            }
            return url
        }
    }

    static func makeLogger() -> Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }

    /// Migrations running at once. Hundreds of tests start together and each creates its schema (about 0.1 s of
    /// PostgreSQL's CPU): unthrottled, they would all wait on each other past their deadline.
    static let migrations = Permits(4)

    static func with<T: Sendable>(migrated: Bool = true, _ body: @Sendable (TestDatabase) async throws -> T) async throws -> T {
        let url = try Self.url
        let schema = "t_" + String(UInt64.random(in: .min ... .max), radix: 36)
        let settings = try DatabaseSettings(url: url, schema: schema)
        let logger = makeLogger()
        let client = PostgresClient(settings: settings, maximumConnections: 8, logger: logger)
        let database = TestDatabase(url: url, settings: settings, client: client, queue: JobQueue(client: client, schema: schema, logger: logger), logger: logger)
        return try await client.runWhile {
            if migrated {
                _ = try await Self.migrations.withPermit {
                    try await withDeadline(.seconds(20)) {
                        try await Migrator(client: client, schema: schema, logger: logger).migrate(Migration.bundled())
                    }
                }
            }
            do {
                let result = try await body(database)
                try await database.drop()
                return result
            } catch {
                try? await database.drop()
                throw error
            }
        }
    }

    private func drop() async throws {
        _ = try await client.query(PostgresQuery(unsafeSQL: #"DROP SCHEMA IF EXISTS "\#(schema)" CASCADE"#), logger: logger).collect()
    }

    /// The first column of the first row of `query`, decoded.
    func scalar<T: PostgresDecodable & Sendable>(_ query: PostgresQuery, as type: T.Type = T.self) async throws -> T {
        let rows = try await client.query(query, logger: logger)
        for try await value in rows.decode(T.self) { return value }
        throw Unavailable(description: "query returned no row")
    }

    func execute(_ query: PostgresQuery) async throws {
        _ = try await client.query(query, logger: logger).collect()
    }
}
