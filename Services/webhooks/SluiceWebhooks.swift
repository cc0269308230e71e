import ArgumentParser
import Common
import PostgresNIO
import Webhooks

/// `sluice-webhooks`: receives provider webhooks on `POST /hooks/{source}`.
@main
struct SluiceWebhooks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sluice-webhooks", abstract: "Sluice inbound webhook receiver.")

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let (settings, logger) = options.launch(service: "sluice-webhooks", defaultPort: 8081)
        let box = CommonOptions.orExit { () throws(ConfigurationError) in try SecretBox(environment: options.environment()) }
        let client = PostgresClient(settings: settings.database, logger: logger)
        try await buildWebhooksApplication(settings: settings, box: box, client: client, logger: logger).runService()
    }
}
