import ArgumentParser
import Common
import PostgresNIO

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the admin API.")

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let (settings, logger) = options.launch(service: "sluice-api", defaultPort: 8080)
        let client = PostgresClient(settings: settings.database, logger: logger)
        try await buildServiceApplication(name: "sluice-api", settings: settings, client: client, logger: logger).runService()
    }
}
