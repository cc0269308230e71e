import Common
import Foundation
import PostgresNIO
import Testing

@Suite struct MigratorTests {
    @Test func fourConcurrentMigratorsApplyEachMigrationOnce() async throws {
        let url = try TestDatabase.url
        let schema = "m_" + String(UInt64.random(in: .min ... .max), radix: 36)
        let settings = try DatabaseSettings(url: url, schema: schema)
        let logger = TestDatabase.makeLogger()
        let migrations = try Migration.bundled()
        let clients = (0..<4).map { _ in PostgresClient(settings: settings, maximumConnections: 2, logger: logger) }
        let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
            for client in clients {
                group.addTask {
                    try await client.runWhile { try await Migrator(client: client, schema: schema, logger: logger).migrate(migrations) }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(applied.sorted() == migrations.map(\.version))
        let checker = PostgresClient(settings: settings, maximumConnections: 2, logger: logger)
        try await checker.runWhile {
            let rows = try await checker.query("SELECT version FROM schema_migrations ORDER BY version", logger: logger)
            let versions = try await rows.decode(Int.self).reduce(into: [Int]()) { $0.append($1) }
            #expect(versions == migrations.map(\.version))
            let again = try await Migrator(client: checker, schema: schema, logger: logger).migrate(migrations)
            #expect(again.isEmpty)
            _ = try await checker.query(PostgresQuery(unsafeSQL: #"DROP SCHEMA "\#(schema)" CASCADE"#), logger: logger).collect()
        }
    }

    /// Versions run 1, 2, 3, ... without a gap or a repeat, so the order of the files is the order they apply in.
    @Test func bundledMigrationsAreNumberedInOrder() throws {
        let migrations = try Migration.bundled()
        let versions = migrations.map(\.version)
        #expect(versions == Array(1...versions.count), "\(versions)")
        #expect(migrations.first?.name == "jobs")
    }
}
