import ArgumentParser
import Common
import PostgresNIO

/// `sluice-webhooks`: receives provider webhooks on `POST /hooks/{source}`.
@main
struct SluiceWebhooks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sluice-webhooks", abstract: "Sluice inbound webhook receiver.")

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let (settings, logger) = options.launch(service: "sluice-webhooks", defaultPort: 8081)
        let client = PostgresClient(settings: settings.database, logger: logger)
        try await buildServiceApplication(name: "sluice-webhooks", settings: settings, client: client, logger: logger).runService()
    }
}
