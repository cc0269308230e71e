import ArgumentParser
import Common
import Foundation
import Logging
import PostgresNIO
import Queue
import Webhooks

/// What an operator subcommand needs: settings, the secret box and a database client running for the call.
struct OperatorContext {
    let settings: ServiceSettings
    let box: SecretBox
    let client: PostgresClient
    let logger: Logger

    var sources: SourceStore { SourceStore(client: client, schema: settings.database.schema, box: box, logger: logger) }
    var routes: RouteStore { RouteStore(client: client, box: box, logger: logger) }
    var queue: JobQueue { JobQueue(client: client, settings: settings, logger: logger) }
    var events: EventStore { EventStore(queue: queue) }
    var periodic: PeriodicJobs { PeriodicJobs(queue: queue) }

    /// Runs `body` with a live client once its connections use the schema; a refused input or a schema that cannot be
    /// applied prints one line and exits 1.
    static func run(_ options: CommonOptions, _ body: (OperatorContext) async throws -> Void) async throws {
        var options = options
        options.logLevel = options.logLevel ?? "warning"
        let (settings, logger) = options.launch(service: "sluice-api", defaultPort: 8080)
        let box = CommonOptions.orExit { () throws(ConfigurationError) in try SecretBox(environment: options.environment()) }
        let client = PostgresClient(settings: settings.database, maximumConnections: 2, logger: logger)
        do {
            try await client.runWhile {
                try await SchemaCheck(client: client, settings: settings.database, logger: logger).verify()
                try await body(OperatorContext(settings: settings, box: box, client: client, logger: logger))
            }
        } catch where error is SourceError || error is SchemaError || error is QueueError || error is PeriodicJobError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
