import ArgumentParser
import Common
import Foundation
import PostgresNIO

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations (safe to run from many replicas at once).")

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let (settings, logger) = options.launch(service: "sluice-api", defaultPort: 8080)
        let client = PostgresClient(settings: settings.database, maximumConnections: 2, logger: logger)
        do {
            let applied = try await client.runWhile {
                try await Migrator(client: client, schema: settings.database.schema, logger: logger).migrate(Migration.bundled())
            }
            logger.info("migrations done", metadata: ["schema": "\(settings.database.schema)", "applied": "\(applied)"])
        } catch {
            FileHandle.standardError.write(Data("migrate failed: \(String(reflecting: error))\n".utf8))
            throw ExitCode(1)
        }
    }
}
