import Admin
import ArgumentParser
import Common
import PostgresNIO
import Webhooks

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the admin API.")

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let (settings, logger) = options.launch(service: "sluice-api", defaultPort: 8080)
        let environment = options.environment()
        let box = CommonOptions.orExit { () throws(ConfigurationError) in try SecretBox(environment: environment) }
        let sessions = CommonOptions.orExit { () throws(ConfigurationError) in try SessionSettings(environment: environment) }
        let client = PostgresClient(settings: settings.database, logger: logger)
        let app = buildAdminApplication(
            settings: settings, box: box, legacyToken: environment["SLUICE_ADMIN_TOKEN"], client: client, sessions: sessions, logger: logger
        )
        try await app.runService()
    }
}
